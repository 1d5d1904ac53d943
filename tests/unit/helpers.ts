import { readFileSync } from 'node:fs';
import type {
  CategoryInputSpec,
  ClassificationManifest,
  InputSpec,
  ModelManifest,
  NumberInputSpec,
} from '../../src/manifest/manifest-types';

const root = new URL('../../', import.meta.url);

/** Bytes of a repository file, e.g. the committed model. */
export function readRepoBytes(path: string): Uint8Array<ArrayBuffer> {
  const buffer = readFileSync(new URL(path, root));
  const bytes = new Uint8Array(new ArrayBuffer(buffer.byteLength));
  bytes.set(buffer);
  return bytes;
}

/** The real drug manifest as plain JSON, freshly parsed so each test may change its copy. */
export function readManifestJson(): unknown {
  return JSON.parse(readFileSync(new URL('public/models/drug/manifest.json', root), 'utf8'));
}

/** The real drug manifest, typed (tests of the parser check that it really is one). */
export function realManifest(): ClassificationManifest {
  return readManifestJson() as ClassificationManifest;
}

export function numberSpec(manifest: ModelManifest, name: string): NumberInputSpec {
  const spec = findSpec(manifest, name);
  if (spec.type !== 'number') throw new Error(`${name} is not a number input`);
  return spec;
}

export function categorySpec(manifest: ModelManifest, name: string): CategoryInputSpec {
  const spec = findSpec(manifest, name);
  if (spec.type !== 'category') throw new Error(`${name} is not a category input`);
  return spec;
}

function findSpec(manifest: ModelManifest, name: string): InputSpec {
  const spec = manifest.inputs.find((s) => s.name === name);
  if (!spec) throw new Error(`The manifest has no input ${name}`);
  return spec;
}
