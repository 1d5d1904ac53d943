import { defineElement } from '../define-element';
import { FormcastApp } from './formcast-app.component';

export { FormcastApp };

defineElement('formcast-app', FormcastApp);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-app': FormcastApp;
  }
}
