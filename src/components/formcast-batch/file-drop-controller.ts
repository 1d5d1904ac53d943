import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FileDropOptions {
  /** Called with the first dropped file, when `accepting()` says yes. */
  readonly onFile: (file: File) => void;
  /** Called when a file is dragged over: the user is about to hand one over. */
  readonly onIntent: () => void;
  /** Whether a drop is taken now (not while a batch runs). */
  readonly accepting: () => boolean;
  /** Whether drops anywhere on the page count, not only on the element's zone. */
  readonly pageDrop: () => boolean;
}

/**
 * Drag and drop of one file onto an element's drop zone and, optionally, the whole page. Only
 * drags that carry files are touched: text dragged into a field elsewhere keeps working. The
 * host re-renders when `dragging` changes, to highlight the zone.
 */
export class FileDropController implements ReactiveController {
  dragging = false;

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: FileDropOptions;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FileDropOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('dragover', this.onPageDragOver);
    window.addEventListener('drop', this.onPageDrop);
    window.addEventListener('dragleave', this.onPageDragLeave);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragover', this.onPageDragOver);
    window.removeEventListener('drop', this.onPageDrop);
    window.removeEventListener('dragleave', this.onPageDragLeave);
  }

  /** For the zone's `dragenter` and `dragover`. */
  readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = this.options.accepting() ? 'copy' : 'none';
    this.setDragging(true);
    this.options.onIntent();
  };

  /** For the zone's `drop`. */
  readonly onDrop = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && this.options.accepting()) this.options.onFile(file);
  };

  /** For the zone's `dragleave`. */
  readonly onDragLeave = (): void => this.setDragging(false);

  // The zone's own events bubble to the window too: those are handled already.
  private readonly onPageDragOver = (event: DragEvent): void => {
    if (this.options.pageDrop() && !event.composedPath().includes(this.host)) {
      this.onDragOver(event);
    }
  };

  private readonly onPageDrop = (event: DragEvent): void => {
    if (this.options.pageDrop() && !event.composedPath().includes(this.host)) this.onDrop(event);
  };

  private readonly onPageDragLeave = (event: DragEvent): void => {
    if (event.relatedTarget === null) this.setDragging(false); // left the window
  };

  private setDragging(dragging: boolean): void {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }
}
