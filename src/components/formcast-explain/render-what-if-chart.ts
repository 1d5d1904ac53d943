import { html, nothing, svg, type TemplateResult } from 'lit';
import { linearScale, niceTicks, type Scale } from '../../explain/chart-scale';
import type { Outcome, NumberCurve } from '../../explain/what-if-curves';
import type { ChartModel } from '../../explain/what-if-series';
import { axisTitle, describeCurve, isValueOutcome } from '../../explain/what-if-summary';
import type { ModelManifest } from '../../manifest/manifest-types';
import { formatProbability } from '../../format/format';

// Drawing units are CSS pixels: the chart is drawn at the width it is shown at (`width`), so its
// text keeps its size from a phone to a desktop column instead of scaling with a fixed viewBox.
const H = 160;
const M = { right: 10, top: 16, bottom: 38 };
/** Roughly the width of one tick character at 12 px, to fit the longest y label. */
const CHAR_PX = 7;

export interface ChartView {
  readonly manifest: ModelManifest;
  readonly chart: ChartModel;
  readonly curve: NumberCurve;
  /** Width of the plot in CSS pixels. */
  readonly width: number;
  /** The data table is open (it is only rendered then: 120 rows are not free per keystroke). */
  readonly tableOpen: boolean;
  readonly onTableToggle: (input: string, open: boolean) => void;
}

/** Left margin that fits the y axis' widest label (e.g. `$300,000`) and its title. */
function leftMargin(chart: ChartModel): number {
  const widest = Math.max(...chart.y.ticks.map((t) => chart.y.format(t).length));
  return Math.max(44, 18 + widest * CHAR_PX);
}

/** A dashed level across the plot: the prediction with the input left empty. */
function renderEmptyLevel(view: ChartView, y: Scale, left: number, empty: Outcome, now: boolean) {
  const { chart, width: W } = view;
  const level = y(chart.series[chart.marked(empty)]!.read(empty));
  return svg`<line class="empty-level" x1=${left} x2=${W - M.right} y1=${level} y2=${level}></line>
    <text class="marker-label" x=${W - M.right} y=${level - 4} text-anchor="end">
      ${now ? 'now empty' : 'if empty'}: ${chart.describe(empty)}
    </text>`;
}

function renderBand(chart: ChartModel, curve: NumberCurve, x: Scale, y: Scale) {
  const bands = curve.points.map((p) => [p.x, chart.band?.(p)] as const);
  if (bands.some(([, b]) => !b)) return nothing;
  const upper = bands.map(([px, b]) => `${x(px).toFixed(1)},${y(b![1]).toFixed(1)}`);
  const lower = bands.map(([px, b]) => `${x(px).toFixed(1)},${y(b![0]).toFixed(1)}`).reverse();
  return svg`<polygon class="band" points=${[...upper, ...lower].join(' ')}></polygon>`;
}

function describePlot(view: ChartView, title: string): string {
  const { curve, chart } = view;
  const { points, currentIndex } = curve;
  const what =
    chart.series.length > 1 ? 'probability of each class' : chart.series[0]!.name.toLowerCase();
  const now =
    currentIndex === undefined
      ? `the input is empty now, and a dashed level marks the prediction (${chart.describe(curve.empty!)})`
      : `the current value ${points[currentIndex]!.x} is marked`;
  return `Line chart: ${what} as ${title} varies from ${points[0]!.x} to ${points.at(-1)!.x}, the other inputs held; ${now}.`;
}

function renderPlot(view: ChartView, title: string): TemplateResult {
  const { curve, chart, width: W } = view;
  const { points, currentIndex } = curve;
  const left = leftMargin(chart);
  const x = linearScale([points[0]!.x, points.at(-1)!.x], [left, W - M.right]);
  const y = linearScale(chart.y.domain as [number, number], [H - M.bottom, M.top]);
  const current = currentIndex === undefined ? undefined : points[currentIndex]!;
  const xTicks = niceTicks(points[0]!.x, points.at(-1)!.x, Math.max(2, Math.round(W / 80)));
  const top = chart.marked(current ?? curve.empty!);
  const cx = current ? x(current.x) : 0;
  return html`<svg
    class="plot"
    viewBox="0 0 ${W} ${H}"
    width=${W}
    height=${H}
    role="img"
    aria-label=${describePlot(view, title)}
  >
    ${chart.y.ticks.map(
      (t) =>
        svg`<line class="grid" x1=${left} x2=${W - M.right} y1=${y(t)} y2=${y(t)}></line>
          <text class="tick" x=${left - 4} y=${y(t) + 3} text-anchor="end">${chart.y.format(t)}</text>`,
    )}
    ${xTicks.map(
      (t) =>
        svg`<line class="axis" x1=${x(t)} x2=${x(t)} y1=${H - M.bottom} y2=${H - M.bottom + 4}></line>
          <text class="tick" x=${x(t)} y=${H - M.bottom + 14} text-anchor="middle">${t}</text>`,
    )}
    <line class="axis" x1=${left} x2=${W - M.right} y1=${H - M.bottom} y2=${H - M.bottom}></line>
    <text class="axis-title" x=${(left + W - M.right) / 2} y=${H - 6} text-anchor="middle">
      ${title}
    </text>
    <text
      class="axis-title"
      transform="rotate(-90)"
      x=${-(M.top + H - M.bottom) / 2}
      y="10"
      text-anchor="middle"
    >
      ${chart.y.title}
    </text>
    ${renderBand(chart, curve, x, y)}
    ${chart.series.map(
      (s, i) =>
        svg`<polyline
          class="series s${s.style} ${i === top ? 'top' : ''}"
          data-class=${s.key}
          points=${points.map((p) => `${x(p.x).toFixed(1)},${y(s.read(p)).toFixed(1)}`).join(' ')}
        ></polyline>`,
    )}
    ${curve.empty ? renderEmptyLevel(view, y, left, curve.empty, !current) : nothing}
    ${
      current
        ? svg`<line class="marker" x1=${cx} x2=${cx} y1=${M.top - 4} y2=${H - M.bottom}></line>
          <circle class="marker-dot" cx=${cx} cy=${y(chart.series[top]!.read(current))} r="3.5"></circle>
          <text
            class="marker-label"
            x=${cx}
            y=${M.top - 6}
            text-anchor=${cx > W - 80 ? 'end' : cx < 80 ? 'start' : 'middle'}
          >now ${current.x}: ${chart.describe(current)}</text>`
        : nothing
    }
  </svg>`;
}

/** The cells of one outcome: class tasks its label then each series; regression value, range. */
function outcomeCells(view: ChartView, o: Outcome) {
  const { chart } = view;
  if (isValueOutcome(o)) {
    const range = chart.band?.(o);
    return html`<td data-class="value" data-value=${o.value}>${chart.describe(o)}</td>
      ${range ? html`<td>${chart.y.format(range[0])} – ${chart.y.format(range[1])}</td>` : nothing}`;
  }
  return html`<td>${chart.describe(o)}</td>
    ${chart.series.map(
      (s) =>
        html`<td data-class=${s.key} data-value=${s.read(o)}>${formatProbability(s.read(o))}</td>`,
    )}`;
}

function renderTable(view: ChartView, title: string): TemplateResult {
  const { curve, chart } = view;
  const headers =
    chart.kind === 'value'
      ? [chart.series[0]!.name, ...(curve.points.some((p) => chart.band!(p)) ? ['Range'] : [])]
      : ['Prediction', ...chart.series.map((s) => s.name)];
  const emptyNow = curve.currentIndex === undefined;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Data: ${title}">
    <table data-input=${curve.spec.name}>
      <thead>
        <tr>
          <th scope="col">${title}</th>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          curve.empty
            ? html`<tr
                class=${emptyNow ? 'current' : ''}
                data-empty
                data-label=${'label' in curve.empty ? curve.empty.label : nothing}
              >
                <th scope="row">empty${emptyNow ? ' (current)' : ''}</th>
                ${outcomeCells(view, curve.empty)}
              </tr>`
            : nothing
        }
        ${curve.points.map(
          (p, i) =>
            html`<tr
              class=${i === curve.currentIndex ? 'current' : ''}
              data-x=${p.x}
              data-label=${'label' in p ? p.label : nothing}
            >
              <th scope="row">${p.x}${i === curve.currentIndex ? ' (current)' : ''}</th>
              ${outcomeCells(view, p)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * One number input's what-if chart: what the model predicts across the input's range (each
 * class's probability, the headline probability, or the value and its range), the current value
 * marked (or, for an input left empty, the current prediction as a dashed level), a sentence
 * saying where the prediction changes, and the points as a table behind a disclosure
 * (keyboard- and screen-reader-readable data).
 */
export function renderWhatIfChart(view: ChartView): TemplateResult {
  const { curve, manifest } = view;
  const title = axisTitle(curve);
  const name = curve.spec.name;
  const current = curve.currentIndex === undefined ? '' : curve.points[curve.currentIndex]!.x;
  const rows = curve.points.length + (curve.empty ? 1 : 0);
  return html`<figure class="chart" data-input=${name} data-current=${current}>
    <figcaption>
      <span class="chart-title">${title}</span>
      <span class="summary" data-testid="what-if-summary">${describeCurve(curve, manifest)}</span>
    </figcaption>
    ${renderPlot(view, title)}
    <details
      class="data"
      ?open=${view.tableOpen}
      @toggle=${(e: Event) => view.onTableToggle(name, (e.target as HTMLDetailsElement).open)}
    >
      <summary>Data table: ${title}, ${rows} points</summary>
      ${view.tableOpen ? renderTable(view, title) : nothing}
    </details>
  </figure>`;
}

/** The series' line styles, once for all charts, when there are several (one per class). */
export function renderLegend(chart: ChartModel): TemplateResult | typeof nothing {
  if (chart.series.length < 2) return nothing;
  return html`<ul class="legend" aria-hidden="true">
    ${chart.series.map(
      (s) =>
        html`<li>
          <svg viewBox="0 0 24 8" width="24" height="8">
            <line class="series s${s.style}" x1="0" x2="24" y1="4" y2="4"></line>
          </svg>
          ${s.name}
        </li>`,
    )}
  </ul>`;
}
