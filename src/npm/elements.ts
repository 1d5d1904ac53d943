/**
 * `import 'formcast/elements'`: defines every public Formcast element, `<formcast-predictor>`
 * and `<formcast-batch>`. Importing it again, or with another copy of Formcast on the page, logs
 * a warning and keeps the first definitions; it never throws.
 */
export * from './predictor';
export * from './batch';
