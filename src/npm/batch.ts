/**
 * `import 'formcast/batch'`: defines `<formcast-batch>` (score a CSV file in the browser, every
 * row kept with its prediction or its reason). Importing it again, or with another copy of
 * Formcast on the page, logs a warning and keeps the first definition; it never throws.
 */
export { FormcastBatch } from '../components/formcast-batch/formcast-batch';
