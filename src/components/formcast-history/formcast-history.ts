import { defineElement } from '../define-element';
import { FormcastHistory } from './formcast-history.component';

export { FormcastHistory };
defineElement('formcast-history', FormcastHistory);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-history': FormcastHistory;
  }
}
