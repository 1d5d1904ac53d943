import { css } from 'lit';

export const explainStyles = css`
  :host {
    display: block;
    /* Each line colour has ≥ 3:1 contrast on the default background (WCAG 1.4.11). */
    --_s1: var(--formcast-series-1, #0b5cad);
    --_s2: var(--formcast-series-2, #a14a00);
    --_s3: var(--formcast-series-3, #1b7837);
    --_s4: var(--formcast-series-4, #762a83);
    --_s5: var(--formcast-series-5, #c51b7d);
    --_s6: var(--formcast-series-6, #4d5662);
  }
  /* minmax(0, 1fr): a wide table scrolls in its region instead of widening the column. */
  .root,
  .part,
  .chart,
  figcaption {
    grid-template-columns: minmax(0, 1fr);
  }
  .root {
    display: grid;
    gap: 1rem;
  }
  .part {
    display: grid;
    gap: 0.5rem;
  }
  .part-title {
    margin: 0;
    font-weight: 700;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_muted);
  }
  .small {
    font-size: 0.9em;
  }
  .steps {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.4rem;
    align-items: center;
  }
  .steps li {
    display: flex;
    align-items: center;
  }
  .chip {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.15rem 0.5rem;
    font-variant-numeric: tabular-nums;
  }
  .steps li + li::before {
    content: '→' / '';
    margin-right: 0.4rem;
    color: var(--_muted);
  }
  .leaf .chip {
    font-weight: 700;
    color: var(--_accent);
    border-color: var(--_accent);
  }
  .callout {
    border-left: 4px solid var(--_accent);
    background: var(--_surface);
    padding: 0.4rem 0.7rem;
  }
  .problem {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.5rem 0.8rem;
  }
  button {
    padding: 0.35rem 0.9rem;
    min-height: 2.25rem;
    margin-top: 0.4rem;
  }
  .legend {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.9rem;
    font-size: 0.85em;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 0.3rem;
  }
  .chart {
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  /* A chart or table out of view costs no style, layout or paint (nor a redraw, see
     VisiblePartsController) when a keystroke changes the prediction. */
  .part-box {
    content-visibility: auto;
    contain-intrinsic-size: auto 16rem;
  }
  figcaption {
    display: grid;
    gap: 0.1rem;
  }
  .chart-title {
    font-weight: 600;
  }
  .plot {
    display: block;
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  .grid {
    stroke: var(--_border);
    stroke-width: 0.5;
    stroke-dasharray: 2 3;
  }
  .axis {
    stroke: var(--_muted);
    stroke-width: 1;
  }
  .tick,
  .axis-title,
  .marker-label {
    fill: var(--_fg);
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  .axis-title {
    fill: var(--_muted);
  }
  .marker-label {
    font-weight: 700;
  }
  .series {
    fill: none;
    stroke-width: 1.6;
    stroke-linejoin: round;
  }
  .series.top {
    stroke-width: 2.6;
  }
  .s0 {
    stroke: var(--_s1);
  }
  .s1 {
    stroke: var(--_s2);
    stroke-dasharray: 6 3;
  }
  .s2 {
    stroke: var(--_s3);
    stroke-dasharray: 2 2;
  }
  .s3 {
    stroke: var(--_s4);
    stroke-dasharray: 8 3 2 3;
  }
  .s4 {
    stroke: var(--_s5);
    stroke-dasharray: 1 3;
    stroke-linecap: round;
  }
  .s5 {
    stroke: var(--_s6);
    stroke-dasharray: 4 2 1 2;
  }
  .band {
    fill: var(--formcast-band, var(--_s1));
    fill-opacity: 0.15;
    stroke: none;
  }
  .empty-level {
    stroke: var(--_fg);
    stroke-width: 1;
    stroke-dasharray: 6 3;
  }
  .marker {
    stroke: var(--_fg);
    stroke-width: 1;
    stroke-dasharray: 3 2;
  }
  .marker-dot {
    fill: var(--_bg);
    stroke: var(--_fg);
    stroke-width: 1.5;
  }
  .data summary {
    cursor: pointer;
    font-size: 0.9em;
    color: var(--_accent);
  }
  .table-scroll {
    max-height: 16rem;
    overflow: auto;
    margin-top: 0.3rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  table {
    border-collapse: collapse;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
    width: 100%;
  }
  caption {
    text-align: left;
    color: var(--_muted);
    padding-bottom: 0.2rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.15rem 0.4rem;
    border-bottom: 1px solid var(--_surface);
  }
  .table-scroll th,
  .table-scroll td {
    white-space: nowrap;
  }
  .table-scroll thead th {
    position: sticky;
    top: 0;
    background: var(--_bg);
  }
  /* Category names can be sentences (a fireplace's description): they wrap, the table stays narrow. */
  .categories .table-scroll th,
  .categories .table-scroll td {
    white-space: normal;
    vertical-align: top;
  }
  .categories tbody + tbody {
    border-top: 2px solid var(--_border);
  }
  tr.current {
    background: var(--_surface);
    font-weight: 700;
  }
  tr.changed td:last-child {
    font-weight: 700;
  }
  .sentences {
    margin: 0 0 0.4rem;
    padding-left: 1.1rem;
  }
`;
