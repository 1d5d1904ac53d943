// The server stack Formcast replaces, run beside it in the same benchmark: gunicorn + Flask
// serving the drug model's fitted scikit-learn pipeline on loopback (bench/server_peer.py).
// The start-up scenario times its cold start, the latency scenario one prediction through it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';

/** The row the peer is asked while it starts (the start-up scenario's link). */
const PEER_ROW = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };

let pickled;

/**
 * The drug pipeline fitted and pickled, as a data scientist deploys it: once per benchmark process
 * (the start-up and latency scenarios share it), deleted when the process exits. Builds the
 * project's venv first if it is missing (scripts/python.sh).
 */
export function serverPeerModel() {
  if (pickled) return pickled;
  const dir = mkdtempSync(join(tmpdir(), 'formcast-peer-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const model = join(dir, 'drug.joblib');
  execFileSync('bash', ['scripts/python.sh', 'bench/server_peer.py', 'save', model], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  pickled = model;
  return model;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** One POST /predict; resolves with the parsed answer, rejects when nothing listens yet. */
function ask(url) {
  const body = JSON.stringify(PEER_ROW);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(text))
            : reject(new Error(`HTTP ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Starts gunicorn + Flask with `model` and waits for its first answer, asking every 2 ms from
 * the moment the process is spawned. `firstAnswerMs` is that cold start: Python, Flask and
 * scikit-learn imported, the pickle loaded, one prediction answered.
 */
export async function startServerPeer(model, timeoutMs = 60_000) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/predict`;
  const python = join(root, '.venv', 'bin', 'python');
  const args = ['-m', 'gunicorn', '--chdir', 'bench', '-w', '1', '-b', `127.0.0.1:${port}`];
  const started = performance.now();
  const child = spawn(python, [...args, 'server_peer:app'], {
    cwd: root,
    env: { ...process.env, FORMCAST_PEER_MODEL: model },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`gunicorn exited:\n${stderr}`);
      if (performance.now() - started > timeoutMs) throw new Error(`no answer:\n${stderr}`);
      try {
        const answer = await ask(url);
        if (typeof answer.label !== 'string')
          throw new Error(`odd answer ${JSON.stringify(answer)}`);
        return { url, firstAnswerMs: performance.now() - started, answer, close };
      } catch (error) {
        if (error.code !== 'ECONNREFUSED' && error.code !== 'ECONNRESET') throw error;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
}
