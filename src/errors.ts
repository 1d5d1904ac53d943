/**
 * Every failure Formcast reports has one of these codes, so callers can branch on `error.code`
 * instead of parsing messages. Messages are for people; codes are for programs.
 */
export const ErrorCode = {
  /** The manifest could not be fetched (network, 404, not JSON). */
  ManifestFetchFailed: 'MANIFEST_FETCH_FAILED',
  /** The manifest was fetched but does not match schema/manifest.schema.json. */
  ManifestInvalid: 'MANIFEST_INVALID',
  /** The model file could not be fetched. */
  ModelFetchFailed: 'MODEL_FETCH_FAILED',
  /** The model bytes do not hash to the manifest's sha256: corrupt or mismatched deployment. */
  ModelIntegrity: 'MODEL_INTEGRITY',
  /** onnxruntime-web could not create a session from the bytes (not an ONNX model, bad ops). */
  ModelInvalid: 'MODEL_INVALID',
  /** The session's inputs/outputs differ from what the manifest promises. */
  ModelSignatureMismatch: 'MODEL_SIGNATURE_MISMATCH',
  /** The WebAssembly runtime could not be downloaded or started. */
  RuntimeLoadFailed: 'RUNTIME_LOAD_FAILED',
  /** One or more input values are missing, malformed or not allowed. */
  InputInvalid: 'INPUT_INVALID',
  /** session.run failed or returned something unreadable. */
  InferenceFailed: 'INFERENCE_FAILED',
  /** The worker died; the next call starts a new one. */
  WorkerCrashed: 'WORKER_CRASHED',
  /** The caller aborted the operation through its AbortSignal. */
  Aborted: 'ABORTED',
  /** A file given for batch scoring is not a usable CSV (empty, no data, bad header, not text). */
  CsvInvalid: 'CSV_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** One problem with one input value. */
export interface InputIssue {
  /** Input name as in the manifest, or the unknown name the caller used. */
  readonly field: string;
  readonly code:
    'missing' | 'not-a-number' | 'not-finite' | 'too-large' | 'unknown-category' | 'unknown-field';
  /** Human-readable, names the field and the value, e.g. `Age: "abc" is not a number`. */
  readonly message: string;
}

/** Extra structured data some errors carry. */
export interface ErrorDetails {
  readonly issues?: readonly InputIssue[];
  readonly expected?: string;
  readonly actual?: string;
}

/** An Error with a machine-readable code: the base of every error class in Formcast. */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The error the predictor throws. It survives the worker boundary with its code. */
export class FormcastError extends CodedError<ErrorCode> {
  override readonly name = 'FormcastError';
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.details = details;
  }
}

/** Turns anything thrown (possibly rebuilt by Comlink from a plain object) into a FormcastError. */
export function toFormcastError(error: unknown, fallback: ErrorCode): FormcastError {
  if (error instanceof FormcastError) return error;
  if (error instanceof Error) {
    const carried = error as Error & { code?: unknown; details?: unknown };
    if (typeof carried.code === 'string' && knownCodes.has(carried.code)) {
      const details = (
        typeof carried.details === 'object' && carried.details !== null ? carried.details : {}
      ) as ErrorDetails;
      return new FormcastError(carried.code as ErrorCode, error.message, details, { cause: error });
    }
    return new FormcastError(fallback, error.message, {}, { cause: error });
  }
  return new FormcastError(fallback, String(error));
}
