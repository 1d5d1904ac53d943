import { defineElement } from '../define-element';
import { FormcastResult } from './formcast-result.component';

export { FormcastResult };

defineElement('formcast-result', FormcastResult);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-result': FormcastResult;
  }
}
