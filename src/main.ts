// Entry of the static site. The worker starts before the shell renders: the runtime's download
// and start-up are most of the time to the first prediction, and need nothing from the page.
import { prestartPredictorWorker } from './client/worker-factory';
import './components/formcast-app/formcast-app';

prestartPredictorWorker();
