// The toolbar: filters (text, analytic, host, severity, time range) and the view actions
// (fit, zoom, show all, trainer, export). Filter edits are reported as a whole new filter set.

import type { TimelineFilters } from '../../../src/protocol/webview';
import { parseTimeInput } from '../model/filter';
import { formatInstant } from '../model/timeScale';
import { button, el, select, setOptions, textField, type Select, type TextField } from './el';

export interface ToolbarEvents {
  onFilters(filters: TimelineFilters): void;
  onFit(): void;
  onZoom(factor: number): void;
  onShowAll(on: boolean): void;
  onTrainer(): void;
  onExport(kind: 'svg' | 'png' | 'markdown'): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private filters!: TimelineFilters;
  private readonly text: TextField;
  private readonly from: TextField;
  private readonly to: TextField;
  private readonly analytic: Select;
  private readonly host: Select;
  private readonly severity: Select;
  private readonly showAll: HTMLElement;
  private readonly problem: HTMLElement;
  private showingAll = false;

  constructor(private readonly events: ToolbarEvents) {
    this.text = textField('Search chains and events', 'filter-text', 'Search…', (v) => this.change({ text: v }));
    this.analytic = select('Analytic', 'filter-analytic', (v) => this.change({ analytics: v ? [v] : [] }));
    this.host = select('Host', 'filter-host', (v) => this.change({ hosts: v ? [v] : [] }));
    this.severity = select('Severity', 'filter-severity', (v) => this.change({ severities: v ? [v] : [] }));
    this.from = textField('From (UTC, e.g. 2020-10-19 03:50)', 'filter-from', 'From (UTC)', (v) => this.changeTime('from', v));
    this.to = textField('To (UTC)', 'filter-to', 'To (UTC)', (v) => this.changeTime('to', v));
    this.problem = el('span', { class: 'toolbar-problem', role: 'alert', 'data-testid': 'filter-problem' });
    this.showAll = button('Show all', 'show-all', () => this.events.onShowAll(!this.showingAll), { ariaLabel: 'Show every chain that passes the filters' });
    const filters = el('div', { class: 'toolbar-group filters', role: 'group', 'aria-label': 'Filters' });
    filters.append(this.text, this.analytic, this.host, this.severity, this.from, this.to, this.problem);
    const view = el('div', { class: 'toolbar-group', role: 'group', 'aria-label': 'View' });
    view.append(
      button('Fit', 'fit', () => this.events.onFit(), { ariaLabel: 'Fit the timeline to the shown chains (F)' }),
      button('+', 'zoom-in', () => this.events.onZoom(0.7), { ariaLabel: 'Zoom in (+)' }),
      button('−', 'zoom-out', () => this.events.onZoom(1 / 0.7), { ariaLabel: 'Zoom out (−)' }),
      this.showAll,
      button('Trainer', 'trainer', () => this.events.onTrainer(), { ariaLabel: 'Step through the chain event by event' }),
    );
    const exports = el('div', { class: 'toolbar-group', role: 'group', 'aria-label': 'Export' });
    exports.append(
      button('SVG', 'export-svg', () => this.events.onExport('svg'), { ariaLabel: 'Export the view as SVG' }),
      button('PNG', 'export-png', () => this.events.onExport('png'), { ariaLabel: 'Export the view as PNG' }),
      button('Markdown', 'export-markdown', () => this.events.onExport('markdown'), { ariaLabel: 'Export the shown chains as Markdown' }),
    );
    this.element = el('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline controls', 'data-region': 'toolbar' });
    this.element.append(filters, view, exports);
  }

  /** Show the current filters and the values each picker offers. */
  update(filters: TimelineFilters, choices: { analytics: string[]; hosts: string[]; severities: string[] }, showAll: boolean): void {
    this.filters = filters;
    this.showingAll = showAll;
    this.showAll.textContent = showAll ? 'Show selected' : 'Show all';
    setOptions(this.analytic, 'All analytics', choices.analytics, filters.analytics[0] ?? '');
    setOptions(this.host, 'All hosts', choices.hosts, filters.hosts[0] ?? '');
    setOptions(this.severity, 'All severities', choices.severities, filters.severities[0] ?? '');
    if (this.text.value !== filters.text) this.text.value = filters.text;
    this.syncTime(this.from, filters.from);
    this.syncTime(this.to, filters.to);
  }

  /** Range fields are always UTC, whatever zone the axis shows. */
  private syncTime(field: TextField, value: number | null): void {
    if (parseTimeInput(field.value) === value) return;
    field.value = value === null ? '' : formatInstant(value, 'UTC').slice(0, 23);
  }

  private change(patch: Partial<TimelineFilters>): void {
    this.filters = { ...this.filters, ...patch };
    this.events.onFilters(this.filters);
  }

  private changeTime(which: 'from' | 'to', text: string): void {
    const value = parseTimeInput(text);
    if (value === undefined) {
      this.problem.textContent = `Cannot read "${text}" as a time; use e.g. 2020-10-19 03:56:01 (UTC).`;
      return;
    }
    this.problem.textContent = '';
    this.change({ [which]: value } as Partial<TimelineFilters>);
  }
}
