import { defineElement } from '../define-element';
import { FormcastStoredData } from './formcast-stored-data.component';

export { FormcastStoredData };
defineElement('formcast-stored-data', FormcastStoredData);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-stored-data': FormcastStoredData;
  }
}
