import { expect, type Locator, type Page } from '@playwright/test';
import { BrowserPage } from './browser-page';
import { ConnectionsPage } from './connections-page';
import { ExportDialogPage } from './export-page';
import { JobsPage } from './jobs-page';
import { UsersPage } from './users-page';

export type ScreenName = 'users' | 'groups' | 'filter' | 'patch' | 'inspector' | 'connections' | 'jobs' | 'server' | 'bulk';

/** The app frame: boot, navigation, connection switcher, status bar, toasts. */
export class AppPage {
  readonly users: UsersPage;
  readonly connections: ConnectionsPage;
  readonly userBrowser: BrowserPage;
  readonly groupBrowser: BrowserPage;
  readonly exportDialog: ExportDialogPage;
  readonly jobs: JobsPage;
  readonly statusBar: Locator;
  readonly switcher: Locator;

  constructor(readonly page: Page) {
    this.users = new UsersPage(page);
    this.connections = new ConnectionsPage(page);
    this.userBrowser = new BrowserPage(page, 'users');
    this.groupBrowser = new BrowserPage(page, 'groups');
    this.exportDialog = new ExportDialogPage(page);
    this.jobs = new JobsPage(page);
    this.statusBar = page.getByTestId('status-bar');
    this.switcher = page.getByTestId('connection-switcher');
  }

  /** Opens the launch URL (token → cookie) and waits until the app says it is ready. */
  async open(launchUrl: string): Promise<void> {
    await this.page.goto(launchUrl);
    await expect(this.page.locator('#root')).toHaveAttribute('data-state', 'ready');
  }

  async goTo(screen: ScreenName): Promise<Locator> {
    await this.page.getByTestId(`nav-${screen}`).click();
    const root = this.screen(screen);
    await expect(root).toBeVisible();
    return root;
  }

  screen(screen: ScreenName): Locator {
    return this.page.getByTestId(`screen-${screen}`);
  }

  async selectConnection(name: string): Promise<void> {
    await this.switcher.selectOption({ label: name });
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByTestId('toast').filter({ hasText: text });
  }
}
