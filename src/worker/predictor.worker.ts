/// <reference lib="webworker" />
// First: fixes self.location before any other module reads it.
import './worker-location';
import { expose } from 'comlink';
import './comlink-errors';
import { createPredictorCore } from './predictor-core';
import { loadRuntime } from '../runtime/runtime-loader';

// Start the runtime at once: it needs nothing from the model and is most of the start-up time.
loadRuntime();

expose(createPredictorCore());
