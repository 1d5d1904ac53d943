import { defineElement } from '../define-element';
import { FormcastBatch } from './formcast-batch.component';

export { FormcastBatch };

defineElement('formcast-batch', FormcastBatch);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-batch': FormcastBatch;
  }
}
