// Entry of the static site. The worker starts before the shell renders: its script and
// onnxruntime-web's JavaScript load meanwhile. The runtime binary's download follows the first
// manifest (client/runtime-compile.ts), so that the form is drawn first.
import { markStartup } from './client/startup-marks';
import { prestartPredictorWorker } from './client/worker-factory';
import './components/formcast-app/formcast-app';

markStartup('script');
prestartPredictorWorker();
