import { defineElement } from '../define-element';
import { FormcastField } from './formcast-field.component';

export { FormcastField };

defineElement('formcast-field', FormcastField);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-field': FormcastField;
  }
}
