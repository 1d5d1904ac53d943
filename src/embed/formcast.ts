/**
 * The embeddable widget: `<script type="module" src="https://your-formcast-host/embed/formcast.js">`
 * defines `<formcast-predictor>`. Loading it twice, or on a page that already defined the tag,
 * logs a warning instead of throwing. The same exports as the npm package's `formcast/predictor`.
 */
export * from '../npm/predictor';
