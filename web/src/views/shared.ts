import { ApiError, sharedAlbum } from '../api';
import type { GalleryConfig as Config } from '../config';
import { clear, h, stateBlock } from '../dom';
import { albumTitle, formatCount, formatDate } from '../format';
import { PhotoGrid } from '../grid';
import { CookieSession, SessionError } from '../session';
import type { SharedPage } from '../types';
import { Viewer } from '../viewer';

/**
 * One album opened by a share link (`/#share=<id>`), for someone without an account: read-only, no
 * other album, no sign-in. The signer turns the link id into cookies for this album's renditions only
 * (`Authorization: Share <id>`), renewed like a member's; the API answers the album's photos with URLs
 * under the link's label. A link that expired or was revoked shows a page that says so.
 */
export class SharedView {
  private viewer: Viewer | null = null;
  private grid: PhotoGrid | null = null;
  private session: CookieSession | null = null;

  constructor(private readonly root: HTMLElement, private readonly config: Config, private readonly id: string) {}

  async mount(): Promise<void> {
    clear(this.root);
    const main = h('main.content', { id: 'main', tabindex: '-1' });
    this.root.append(h('header.top', {}, h('span.brand', {}, h('span.brand-mark', { 'aria-hidden': 'true' }), 'Family Photos')), main);
    main.replaceChildren(stateBlock('loading', 'Opening the shared album…'));
    const session = new CookieSession({
      path: this.config.sessionPath,
      scheme: 'Share',
      accessToken: async () => this.id,
      onLost: (err) => this.gone(main, err),
    });
    this.session = session;
    let first: SharedPage;
    try {
      // The album first: a link that is gone answers 410 saying whether it expired or was turned off.
      first = await sharedAlbum(this.config.apiBase, this.id);
      await session.start();
    } catch (err) {
      this.gone(main, err);
      return;
    }
    this.render(main, first.album, first.expiresAt, first.downloads, first);
  }

  /** The link is gone (404, 410) or the gallery cannot be reached: a page that says which, no error dump. */
  private gone(main: HTMLElement, err: unknown): void {
    this.viewer?.destroy();
    this.grid?.destroy();
    this.session?.stop();
    const status = err instanceof ApiError || err instanceof SessionError ? err.status : 0;
    document.title = 'Shared album · Family Photos';
    if (status === 404 || status === 410) {
      const message = err instanceof ApiError ? err.message : '';
      const title = /revoked/.test(message) ? 'This link was turned off' : status === 410 ? 'This link has expired' : 'This link does not work';
      main.replaceChildren(
        stateBlock('error', title, 'Whoever sent it can make a new one. The photos are still safe in the family gallery.'),
      );
      return;
    }
    if (status === 401 || status === 403) {
      main.replaceChildren(stateBlock('error', 'This link has stopped working', 'Whoever sent it can make a new one.'));
      return;
    }
    main.replaceChildren(stateBlock('error', 'Could not open the shared album', 'Check your connection and try again.', { label: 'Try again', run: () => location.reload() }));
  }

  private render(main: HTMLElement, album: string, expiresAt: string, downloads: boolean, first: SharedPage): void {
    const { title } = albumTitle(album);
    document.title = `${title} · shared · Family Photos`;
    const sub = h('p.page-sub');
    const status = h('div.grid-state');
    const note = `Shared with you until ${formatDate(expiresAt)}${downloads ? '' : ' · view only'}`;
    let firstPage: typeof first | null = first;
    const grid: PhotoGrid = new PhotoGrid({
      byMonth: false,
      load: (cursor) => {
        if (cursor === null && firstPage) {
          const page = firstPage;
          firstPage = null;
          return Promise.resolve(page);
        }
        return sharedAlbum(this.config.apiBase, this.id, cursor);
      },
      href: () => `#share=${this.id}`,
      onOpen: (i) => this.open(grid, i),
      onImageError: () => this.session!.renew().catch((err) => this.gone(main, err)),
      onState: (state, err) => {
        if (state === 'loading') status.replaceChildren(stateBlock('loading', 'Loading photos…'));
        else if (state === 'empty') status.replaceChildren(stateBlock('empty', 'This album is empty', 'New photos appear when the family adds them.'));
        else if (state === 'error') return this.gone(main, err);
        else status.replaceChildren();
        sub.textContent = `${grid.hasMore ? `${grid.photos.length}+ photos` : formatCount(grid.photos.length)} · ${note}`;
      },
    });
    this.grid = grid;
    main.replaceChildren(h('div.page-head', {}, h('div', {}, h('h1', { tabindex: '-1' }, title), sub)), status, grid.el);
    grid.start();
  }

  private open(grid: PhotoGrid, index: number): void {
    this.viewer?.destroy();
    this.viewer = new Viewer(
      { photos: () => grid.photos, hasMore: () => grid.hasMore, more: () => grid.more() },
      index,
      {
        onIndex: () => undefined,
        onClose: (i) => {
          this.viewer = null;
          grid.focusPhoto(i);
        },
        onImageError: () => this.session!.renew(),
      },
    );
    this.viewer.open();
  }
}
