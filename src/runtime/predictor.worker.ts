/// <reference lib="webworker" />
import { expose } from 'comlink';
import './comlink-errors';
import { createPredictorCore } from './predictor-core';

expose(createPredictorCore());
