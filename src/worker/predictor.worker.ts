/// <reference lib="webworker" />
// First: fixes self.location before any other module reads it.
import './worker-location';
import { reportLiveness } from './liveness';
import { createPredictorCore } from './predictor-core';
import { loadRuntime } from '../runtime/runtime-loader';
import { serveWorker } from './serve-worker';

// The page learns that this script loaded, and later whether the worker still lives.
reportLiveness();
serveWorker(createPredictorCore(), self);
// Start the runtime as soon as the page's message arrives, before any model is asked for.
loadRuntime();
