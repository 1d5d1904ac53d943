/** Subpath of the package → module in src/npm/. */
export declare const ENTRIES: Readonly<Record<string, string>>;
export interface PackedNpmPackage {
  /** Absolute path of the `npm pack` tarball. */
  readonly tarball: string;
  /** Bytes of the tarball. */
  readonly size: number;
  /** Bytes of its files, unpacked. */
  readonly unpackedSize: number;
  /** Paths inside the package, as `npm pack --json` lists them. */
  readonly files: readonly string[];
}
export declare function buildNpmPackage(options?: { out?: string }): Promise<PackedNpmPackage>;
