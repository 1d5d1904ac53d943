export interface StaticServer {
  readonly url: string;
  setRoot(dir: string): void;
  close(): Promise<void>;
}
export declare function startStaticServer(options: {
  root: string;
  base?: string;
  port?: number;
  headers?: Record<string, string>;
  brotli?: Map<string, Buffer>;
}): Promise<StaticServer>;
