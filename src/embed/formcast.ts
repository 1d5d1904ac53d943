/**
 * The embeddable widget: `<script type="module" src="https://your-formcast-host/embed/formcast.js">`
 * defines `<formcast-predictor>`. Loading it twice, or on a page that already defined the tag,
 * logs a warning instead of throwing.
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
