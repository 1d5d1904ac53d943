/**
 * `import 'formcast/predictor'`: defines `<formcast-predictor>` (the form that predicts as you
 * type, with its result, model card and explain views). Importing it again, or with another copy
 * of Formcast on the page, logs a warning and keeps the first definition; it never throws.
 */
export { FormcastPredictor } from '../components/formcast-predictor/formcast-predictor';
export type {
  FormcastClassPredictDetail,
  FormcastErrorDetail,
  FormcastErrorEvent,
  FormcastPredictDetail,
  FormcastPredictEvent,
  FormcastReadyDetail,
  FormcastReadyEvent,
  FormcastValuePredictDetail,
} from '../events/formcast-events';
