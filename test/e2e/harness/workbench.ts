// A VS Code workbench page, driven the way a user drives it: the command palette (F1), the
// views in the side bar, the editor, the Problems panel and webviews (reached through the
// page's frames). Every step waits for a condition on the DOM; none sleeps for a fixed time.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

export const ARTIFACTS = join('test-results', 'e2e');

export class Workbench {
  constructor(readonly page: Page) {}

  async ready(timeout = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Runs a command by its palette title ("Huntbench: Load Logs"), exactly as a user would. */
  async runCommand(title: string, timeout = 15_000): Promise<void> {
    // The palette can close again as it opens when focus is still moving (out of a webview or
    // the walkthrough): a user would press F1 again, and so does the harness, twice at most.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.pickCommand(title, timeout);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /**
   * Opens a walkthrough through "Welcome: Open Walkthrough..." and waits until `opened` shows.
   * The picker's rows can still move while it filters, so a click can land on another
   * walkthrough: a user would see that and pick again, and so does the harness, twice at most.
   */
  async openWalkthrough(title: string, opened: Locator, timeout = 15_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.runCommand('Welcome: Open Walkthrough...', timeout);
        await this.quickInput.locator('input').fill(title, { timeout });
        await this.quickInput.locator('.monaco-list-row', { hasText: title }).first().click({ timeout });
        await opened.first().waitFor({ timeout });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  private async pickCommand(title: string, timeout: number): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`>${title}`, { timeout });
    const row = this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
    await row.first().waitFor({ state: 'visible', timeout });
    await row.first().click({ timeout });
  }

  /**
   * Answers VS Code's simple file dialog (the browser's open dialog) with a folder: once the
   * dialog has listed its starting folder, types the path, waits until the dialog lists the
   * folder's own entries, accepts with the dialog's button and waits for it to close. The
   * dialog may still re-list its starting folder over the typed path; then it is answered again.
   */
  async answerOpenDialog(folder: string, timeout = 15_000): Promise<void> {
    const input = this.quickInput.locator('input');
    const target = folder.endsWith('/') ? folder : `${folder}/`;
    const entries = readdirSync(folder);
    // True once the dialog shows the target path and lists the folder's own entries.
    const arrived = `(() => {
      const value = document.querySelector('.quick-input-widget input')?.value;
      const rows = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((r) => r.textContent);
      return value === ${JSON.stringify(target)} && ${JSON.stringify(entries)}.every((e) => rows.some((r) => r.includes(e)));
    })()`;
    const deadline = Date.now() + timeout;
    for (;;) {
      await input.waitFor({ state: 'visible', timeout });
      await this.quickInput.locator('.monaco-list-row').first().waitFor({ timeout });
      await input.fill(target);
      const there = await this.page.waitForFunction(arrived, undefined, { timeout: 3_000 }).then(() => true, () => false);
      if (there) {
        await this.quickInput.locator('.monaco-button', { hasText: /OK|Load into Huntbench|Run these Sigma rules/ }).first().click({ timeout });
        if (await this.quickInput.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
      }
      if (Date.now() > deadline) throw new Error(`the open dialog did not accept ${target} within ${timeout / 1000} s`);
    }
  }

  /** The side-bar pane with this title (e.g. "Chains"), expanded. */
  async pane(title: string, timeout = 15_000): Promise<Locator> {
    const header = this.page.locator('.pane-header', { has: this.page.locator('h3.title', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }) });
    await header.first().waitFor({ state: 'visible', timeout });
    if ((await header.first().getAttribute('aria-expanded')) === 'false') await header.first().click();
    return this.page.locator('.pane', { has: header.first() });
  }

  /**
   * The side-bar pane with this title, expanded, with every other pane of the side bar
   * collapsed: trees are virtual lists that render only the rows in view, so a user makes room.
   */
  async onlyPane(title: string, timeout = 15_000): Promise<Locator> {
    const pane = await this.pane(title, timeout);
    const others = this.page.locator('.sidebar .pane-header[aria-expanded="true"]', { hasNot: this.page.locator('h3.title', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }) });
    while (await others.count()) await others.first().click();
    return pane;
  }

  /**
   * The tree item reached by matching one label per level (level 1 first), each below the
   * previous one; items on the way are expanded.
   */
  async treeItem(pane: Locator, path: readonly RegExp[], timeout = 15_000): Promise<Locator> {
    let parentIndex = -1;
    let item: Locator | undefined;
    for (const [depth, label] of path.entries()) {
      const candidates = pane.locator(`.monaco-list-row[aria-level="${depth + 1}"]`, { hasText: label });
      await candidates.first().waitFor({ timeout });
      item = undefined;
      // Rows of the same label elsewhere in the tree may be there before the children of the
      // item just expanded are: look again until one below the previous level's item shows.
      const deadline = Date.now() + timeout;
      while (!item && Date.now() < deadline) {
        for (const row of await candidates.all()) {
          const index = Number(await row.getAttribute('data-index').catch(() => -1));
          if (index > parentIndex) {
            item = row;
            parentIndex = index;
            break;
          }
        }
        if (!item) await this.page.waitForTimeout(200);
      }
      if (!item) throw new Error(`no tree item ${label} at level ${depth + 1} below the previous one`);
      if (depth < path.length - 1 && (await item.getAttribute('aria-expanded')) === 'false') await item.click();
    }
    if (!item) throw new Error('empty tree path');
    return item;
  }

  /** Opens the view container whose activity-bar entry has this label. */
  async openActivity(label: string, timeout = 15_000): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${label}"]`);
    await item.first().waitFor({ state: 'visible', timeout });
    const checked = await item.first().locator('xpath=..').getAttribute('aria-selected');
    if (checked !== 'true') await item.first().click();
  }

  /** The frame holding a webview's content, found by a selector inside it. */
  async webviewFrame(selector: string, timeout = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      // Webview content is written into its frame without always navigating it, so a new or
      // navigated frame is only a hint; re-check at least every half second.
      await Promise.race([
        this.page.waitForEvent('frameattached', { timeout: 500 }),
        this.page.waitForEvent('framenavigated', { timeout: 500 }),
      ]).catch(() => undefined);
    }
    throw new Error(`no webview frame contains ${selector} after ${timeout / 1000} s`);
  }

  /** The text of the active editor's visible lines. */
  async activeEditorText(): Promise<string> {
    return (await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }

  async activeEditorTitle(): Promise<string> {
    return this.page.locator('.editor-group-container.active .tab.active .label-name').first().innerText();
  }

  /** Opens a workspace file by name through Quick Open. */
  async openFile(name: string, timeout = 15_000): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(name);
    const row = this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: name }) });
    await row.first().click({ timeout });
    await this.page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout });
  }

  /** Moves the cursor with Go to Line (Ctrl+G): 1-based line and column. */
  async goTo(line: number, column: number, timeout = 15_000): Promise<void> {
    await this.runCommand('Go to Line/Column...', timeout);
    await this.quickInput.locator('input').fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.cursorAt(line, column, timeout);
  }

  /** Waits until the status bar shows the cursor on this line. */
  async cursorOnLine(line: number, timeout = 15_000): Promise<void> {
    await this.page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`^Ln ${line},`) }).waitFor({ timeout });
  }

  /** Waits until the status bar shows the cursor at this line and column. */
  async cursorAt(line: number, column: number, timeout = 15_000): Promise<void> {
    await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout });
  }

  /** Switches the color theme through the palette, as a user would. */
  async colorTheme(name: string, workbenchClass: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light', timeout = 15_000): Promise<void> {
    await this.runCommand('Preferences: Color Theme', timeout);
    const input = this.quickInput.locator('input');
    await input.fill(name);
    await this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) }).first().click({ timeout });
    await this.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout });
  }

  /** Clears notification toasts so screenshots show what is under them. */
  async clearNotifications(timeout = 15_000): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications', timeout);
    await this.page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout });
    await this.quickInput.waitFor({ state: 'hidden', timeout });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lines of a file and the 1-based number of the first line matching `pattern`. */
export function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}
