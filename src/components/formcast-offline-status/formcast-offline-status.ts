import { defineElement } from '../define-element';
import { FormcastOfflineStatus } from './formcast-offline-status.component';

export { FormcastOfflineStatus };
defineElement('formcast-offline-status', FormcastOfflineStatus);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-offline-status': FormcastOfflineStatus;
  }
}
