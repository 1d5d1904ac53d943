import { defineElement } from '../define-element';
import { FormcastExplain } from './formcast-explain.component';

export { FormcastExplain };

defineElement('formcast-explain', FormcastExplain);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-explain': FormcastExplain;
  }
}
