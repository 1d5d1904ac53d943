import { defineElement } from '../define-element';
import { FormcastPredictor } from './formcast-predictor.component';

export { FormcastPredictor };

defineElement('formcast-predictor', FormcastPredictor);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-predictor': FormcastPredictor;
  }
}
