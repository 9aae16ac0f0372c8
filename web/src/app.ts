import { Api, ApiError } from './api';
import type { Auth } from './auth';
import { clear, fileName, h, stateBlock } from './dom';
import { albumTitle, formatCount, formatDate, formatDateRange } from './format';
import { PhotoGrid, placeholderStyle } from './grid';
import { srcset, fallbackSrc } from './renditions';
import type { CookieSession } from './session';
import type { Album, Me } from './types';
import { parseRoute, routeHash, type Route } from './urls';
import { UploadQueue } from './uploads';
import { icon, Viewer } from './viewer';

interface Page {
  route: Route;
  destroy(): void;
  /** The same page with another photo open (or none): true when handled without a rebuild. */
  update?(route: Route): boolean;
}

/** The signed-in gallery: header, router, and the pages (albums, album, timeline, failed photos). */
export class App {
  private readonly main = h('main.content', { id: 'main', tabindex: '-1' });
  private readonly nav = h('nav.tabs', { 'aria-label': 'Sections' });
  private page: Page | null = null;
  private me: Me | null = null;
  private readonly onHash = () => this.route();
  private readonly uploads: UploadQueue;
  /** The open page's wish to hear of a newly rendered upload (the album it shows, or the album list). */
  private onUploaded: ((album: string) => void) | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: Api,
    private readonly auth: Auth,
    private readonly session: CookieSession,
    private readonly onSignedOut: (notice?: string) => void,
  ) {
    this.uploads = new UploadQueue(api, { onReady: (album) => this.onUploaded?.(album) });
  }

  async mount(): Promise<void> {
    clear(this.root);
    const user = h('span.user');
    // Named by aria-label too: on phones the word is hidden and only the icon shows.
    const signOut = h('button.button.subtle', { type: 'button', 'aria-label': 'Sign out', onclick: () => this.signOut() }, icon('signout'), h('span', {}, 'Sign out'));
    this.root.append(
      h('a.skip', { href: '#main', onclick: (e: Event) => (e.preventDefault(), this.main.focus()) }, 'Skip to photos'),
      h('header.top', {}, h('a.brand', { href: '#/' }, h('span.brand-mark', { 'aria-hidden': 'true' }), 'Family Photos'), this.nav, h('div.account', {}, user, signOut)),
      this.main,
      this.uploads.el,
    );
    this.renderNav();
    // Uploads a reload or a closed tab interrupted carry on from the parts S3 already holds.
    this.uploads.resume().catch(() => undefined);
    window.addEventListener('hashchange', this.onHash);
    this.route();
    this.api.me().then(
      async (me) => {
        this.me = me;
        this.renderNav();
        const profile = await this.auth.profile().catch(() => ({ name: undefined, email: undefined }));
        // Never show a raw user id (a UUID in Cognito pools that sign in by email).
        const id = /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(me.username) ? '' : me.username;
        user.textContent = me.name || profile.name || me.email || profile.email || id;
      },
      () => undefined,
    );
  }

  unmount(): void {
    window.removeEventListener('hashchange', this.onHash);
    this.page?.destroy();
    this.page = null;
  }

  async signOut(notice?: string): Promise<void> {
    this.unmount();
    await this.uploads.forget();
    await this.session.end();
    await this.auth.signOut();
    location.hash = '';
    this.onSignedOut(notice ?? 'You are signed out.');
  }

  /** An API or image call found the sign-in gone. */
  lost(): void {
    // Expired, or ended by the family admin (disabled, removed, signed out everywhere): the same for the viewer.
    this.signOut('Your sign-in has ended. Sign in again to keep looking.');
  }

  private renderNav(): void {
    const current = parseRoute(location.hash).name;
    const link = (label: string, href: string, active: boolean) => h('a', { href, 'aria-current': active ? 'page' : null }, label);
    this.nav.replaceChildren(
      link('Albums', '#/', current === 'albums' || current === 'album'),
      link('Timeline', '#/timeline', current === 'timeline'),
      link('Shared links', '#/links', current === 'links'),
      ...(this.me?.admin ? [link('Failed photos', '#/failed', current === 'failed')] : []),
    );
  }

  private route(): void {
    const route = parseRoute(location.hash);
    this.renderNav();
    if (this.page && this.page.update?.(route)) return;
    this.page?.destroy();
    this.onUploaded = null;
    clear(this.main);
    window.scrollTo(0, 0);
    switch (route.name) {
      case 'albums':
        this.page = this.albumsPage();
        break;
      case 'album':
      case 'timeline':
        this.page = this.photosPage(route);
        break;
      case 'failed':
        this.page = this.failedPage();
        break;
      case 'links':
        this.page = this.linksPage();
        break;
    }
  }

  private fail(err: unknown, retry: () => void): HTMLElement {
    if (err instanceof ApiError && err.status === 401) {
      this.lost();
      return stateBlock('error', 'Signed out', 'Your sign-in has expired.');
    }
    if ((err as Error)?.name === 'AuthLost') {
      this.lost();
      return stateBlock('error', 'Signed out', (err as Error).message);
    }
    const message = err instanceof Error ? err.message : String(err);
    return stateBlock('error', 'Something went wrong', message, { label: 'Try again', run: retry });
  }

  private albumsPage(): Page {
    const section = h('section.albums', { 'aria-labelledby': 'albums-title' });
    const heading = h('h1', { id: 'albums-title', tabindex: '-1' }, 'Albums');
    const albumNames = h('datalist', { id: 'album-names' });
    const form = this.newUploadForm(albumNames);
    const add = h('button.button', { type: 'button', 'aria-expanded': 'false', onclick: () => {
      form.hidden = !form.hidden;
      add.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) (form.querySelector('input[name=album]') as HTMLInputElement).focus();
    } }, 'Add photos');
    form.hidden = true;
    this.main.append(h('div.page-head', {}, h('div', {}, heading), h('div.page-actions', {}, add)), form, albumNames, section);
    heading.focus({ preventScroll: true });
    document.title = 'Albums · Family Photos';
    let alive = true;
    const show = (albums: Album[]) => {
      albumNames.replaceChildren(...albums.map((a) => h('option', { value: a.name })));
      section.replaceChildren(h('ul.album-list', {}, ...albums.map((a) => this.albumCard(a))));
    };
    const load = () => {
      section.replaceChildren(stateBlock('loading', 'Loading albums…'));
      this.api.albums().then(
        (albums) => {
          if (!alive) return;
          if (!albums.length) {
            section.replaceChildren(
              stateBlock('empty', 'No photos yet', 'Photos show up here a minute or two after they are backed up to the family bucket (into its photos/ folder, one folder per album). Ask the family admin if you expected some.', { label: 'Check again', run: load }),
            );
            return;
          }
          show(albums);
        },
        (err) => alive && section.replaceChildren(this.fail(err, load)),
      );
    };
    load();
    // A new album, or a new cover and count: the list again once an upload is rendered.
    this.onUploaded = () => alive && this.api.albums().then((albums) => alive && albums.length && show(albums), () => undefined);
    return { route: { name: 'albums' }, destroy: () => (alive = false) };
  }

  /** "Add photos" on the album list: an album (one of the list, or a new name) and the files, picked or dropped. */
  private newUploadForm(albumNames: HTMLDataListElement): HTMLFormElement {
    const album = h('input', { name: 'album', id: 'upload-album', list: albumNames.id, required: true, autocomplete: 'off', placeholder: 'e.g. Summer 2025' }) as HTMLInputElement;
    const error = h('p.form-error', { role: 'alert' });
    const send = (files: File[]) => {
      const name = album.value.trim();
      if (!name) {
        error.textContent = 'Name the album first: one of yours, or a new one.';
        album.focus();
        return;
      }
      error.textContent = '';
      this.uploads.add(name, files);
    };
    const form = h('form.upload-form', { onsubmit: (e: Event) => e.preventDefault() },
      h('label', { for: 'upload-album' }, 'Album'), album,
      this.dropZone(send, 'Choose files', 'Drop photos and videos here, or'),
      error) as HTMLFormElement;
    return form;
  }

  /** A drop target with a file picker (on a phone: the camera roll), handing what it gets to {@code send}. */
  private dropZone(send: (files: File[]) => void, button: string, text?: string, compact = false): HTMLElement {
    const input = h('input.sr-only', { type: 'file', multiple: true, accept: 'image/*,video/*', tabindex: '-1', 'aria-hidden': 'true' }) as HTMLInputElement;
    input.addEventListener('change', () => {
      send(Array.from(input.files ?? []));
      input.value = '';
    });
    const zone = h('div.drop-zone', {}, text ? h('span', {}, text) : null, compact
      // Beside an album's title: on a phone only its icon shows (as Sign out's), so the title keeps one line.
      ? h('button.button.subtle', { type: 'button', 'aria-label': button, onclick: () => input.click() }, icon('add'), h('span', {}, button))
      : h('button.button', { type: 'button', onclick: () => input.click() }, button), input);
    this.acceptDrops(zone, send);
    return zone;
  }

  private acceptDrops(target: HTMLElement, send: (files: File[]) => void): void {
    target.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      target.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => target.classList.remove('dragging'));
    target.addEventListener('drop', (e) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      target.classList.remove('dragging');
      send(Array.from(e.dataTransfer.files));
    });
  }

  private albumCard(a: Album): HTMLElement {
    const cover = a.cover;
    const range = formatDateRange(a.from, a.to);
    const { title, parents } = albumTitle(a.name);
    const img = cover?.renditions?.length
      ? h('img', { alt: '', loading: 'lazy', decoding: 'async', sizes: '(max-width: 520px) 50vw, 300px', srcset: srcset(cover), src: fallbackSrc(cover, 400) })
      : null;
    img?.addEventListener('load', () => img.classList.add('loaded'));
    return h(
      'li',
      {},
      h(
        'a.album-card',
        { href: routeHash({ name: 'album', album: a.name }) },
        h('div.album-cover', { style: cover ? placeholderStyle(cover) : '' }, img),
        h('div.album-text', {}, parents.length ? h('p.album-parent', {}, parents.join(' › ')) : null, h('h2', {}, title), h('p', {}, [formatCount(a.count), range].filter(Boolean).join(' · '))),
      ),
    );
  }

  private photosPage(route: Extract<Route, { name: 'album' | 'timeline' }>): Page {
    const isAlbum = route.name === 'album';
    const { title, parents } = isAlbum ? albumTitle(route.album) : { title: 'Timeline', parents: [] };
    document.title = `${title} · Family Photos`;
    const status = h('div.grid-state');
    const sub = h('p.page-sub');
    const heading = h('h1', { tabindex: '-1' }, title);
    // The folder's parents as a breadcrumb: "Albums › Family", then the album's own name as the title.
    const crumbs = isAlbum ? h('nav.crumbs', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Albums'), ...parents.flatMap((p) => [h('span', { 'aria-hidden': 'true' }, ' › '), h('span', {}, p)])) : null;
    const share = isAlbum ? this.shareControl(route.album) : null;
    const titleBlock = h('div', {}, crumbs, heading, sub);
    const head = h('div.page-head', {}, isAlbum ? h('a.back', { href: '#/', 'aria-label': 'Back to albums' }, icon('prev')) : null, titleBlock);
    let dropArea: HTMLElement | null = null;
    if (isAlbum) {
      // Files dropped anywhere on the album, or picked, go into it.
      const send = (files: File[]) => this.uploads.add(route.album, files);
      // Before the title in the page (shown after it): opening an album focuses the title, and the next Tab
      // is the first photo, as before.
      // Share sits beside it, so neither comes between the title and the first photo.
      head.insertBefore(h('div.page-actions', {}, this.dropZone(send, 'Add photos', undefined, true), share), titleBlock);
      dropArea = h('div.album-drop');
      this.acceptDrops(dropArea, send);
    }
    let viewer: Viewer | null = null;
    let current: Route = route;
    // Opened by a click here (a history entry was pushed) rather than by a deep link.
    let pushed = false;
    const hrefFor = (key: string) => routeHash(isAlbum ? { name: 'album', album: route.album, photo: key } : { name: 'timeline', photo: key });
    const baseHash = routeHash(isAlbum ? { name: 'album', album: route.album } : { name: 'timeline' });
    const grid: PhotoGrid = new PhotoGrid({
      byMonth: !isAlbum,
      load: (cursor) => (isAlbum ? this.api.albumPhotos(route.album, cursor) : this.api.timeline(cursor)),
      href: (p) => hrefFor(p.key),
      onOpen: (i) => {
        pushed = true;
        location.hash = hrefFor(grid.photos[i].key);
      },
      onImageError: () => this.session.renew().catch(() => this.lost()),
      onState: (state, err) => {
        if (state === 'loading') status.replaceChildren(stateBlock('loading', isAlbum ? 'Loading photos…' : 'Loading your timeline…'));
        else if (state === 'empty')
          status.replaceChildren(stateBlock('empty', isAlbum ? 'This album is empty' : 'No photos yet', 'New photos appear a minute or two after they are backed up. Come back soon.'));
        else if (state === 'error') status.replaceChildren(this.fail(err, () => this.route()));
        else status.replaceChildren();
        if (state === 'ready') {
          sub.textContent = grid.hasMore ? `${grid.photos.length}+ photos` : formatCount(grid.photos.length);
          openFromRoute(current);
        }
      },
    });
    grid.onPhotos(() => {
      sub.textContent = grid.hasMore ? `${grid.photos.length}+ photos` : formatCount(grid.photos.length);
    });
    const openFromRoute = (r: Route) => {
      const key = r.name === 'album' || r.name === 'timeline' ? r.photo : undefined;
      if (!key) {
        if (viewer) {
          const v = viewer;
          viewer = null;
          v.destroy();
          grid.focusPhoto(v.currentIndex);
        }
        return;
      }
      const index = grid.photos.findIndex((p) => p.key === key);
      if (index < 0) return;
      if (viewer) {
        viewer.showIndex(index);
        return;
      }
      viewer = new Viewer(
        { photos: () => grid.photos, hasMore: () => grid.hasMore, more: () => grid.more() },
        index,
        {
          // Photo changes replace the history entry: Back leaves the viewer, not every photo seen.
          onIndex: (i) => history.replaceState(null, '', hrefFor(grid.photos[i].key)),
          onClose: (i) => {
            viewer = null;
            if (pushed) history.back();
            else history.replaceState(null, '', baseHash);
            pushed = false;
            current = isAlbum ? { name: 'album', album: route.album } : { name: 'timeline' };
            grid.focusPhoto(i);
          },
          onImageError: () => this.session.renew().catch(() => this.lost()),
        },
      );
      viewer.open();
    };
    if (dropArea) {
      dropArea.append(head, status, grid.el);
      this.main.append(dropArea);
    } else this.main.append(head, status, grid.el);
    grid.start();
    if (isAlbum) {
      // A rendered upload of this album takes its place in the grid (an empty album's page is built anew).
      this.onUploaded = (album) => {
        if (album !== route.album) return;
        if (grid.photos.length) grid.reload().catch(() => undefined);
        else this.route();
      };
    }
    // Opening an album moves focus to its title (a screen reader announces it; the next Tab is the first
    // photo), unless a photo opens straight away: then the viewer takes focus.
    if (!route.photo) heading.focus({ preventScroll: true });
    return {
      route,
      destroy: () => {
        viewer?.destroy();
        grid.destroy();
      },
      update: (r) => {
        const same = r.name === route.name && (r.name !== 'album' || (route.name === 'album' && r.album === route.album));
        if (!same) return false;
        current = r;
        openFromRoute(r);
        return true;
      },
    };
  }

  /** "Share": makes a link to the album (a week, view only) and shows it to copy. */
  private shareControl(album: string): HTMLElement {
    const out = h('div.share-out', { role: 'status' });
    // Icon and word; on a phone the word is hidden (as Add photos'), so the album's header stays one short row.
    const button = h('button.button.subtle', { type: 'button', 'aria-label': 'Share' }, icon('share'), h('span', {}, 'Share'));
    button.addEventListener('click', () => {
      button.disabled = true;
      out.replaceChildren('Making a link…');
      this.api.createLink(album).then(
        (link) => {
          const url = new URL(link.url, location.href).href;
          const field = h('input.share-url', { type: 'text', readonly: true, value: url, 'aria-label': 'Share link' });
          const copy = h('button.button', { type: 'button' }, 'Copy');
          copy.addEventListener('click', () => {
            field.select();
            navigator.clipboard?.writeText(url).then(() => (copy.textContent = 'Copied'), () => undefined);
          });
          out.replaceChildren(
            h('p', {}, `Anyone with this link can see this album, and nothing else, until ${formatDate(link.expiresAt)}. `, h('a', { href: '#/links' }, 'Turn links off')),
            h('div.share-row', {}, field, copy),
          );
          button.disabled = false;
        },
        (err) => {
          button.disabled = false;
          out.replaceChildren(`Could not make a link: ${(err as Error).message}`);
        },
      );
    });
    return h('div.share', {}, button, out);
  }

  /** The member's share links (every link, for an admin), with a button to turn each off. */
  private linksPage(): Page {
    const section = h('section.links');
    this.main.append(h('div.page-head', {}, h('div', {}, h('h1', {}, 'Shared links'), h('p.page-sub', {}, 'Links that show one album to someone without an account. Turn one off and it stops working within ten minutes.'))), section);
    document.title = 'Shared links · Family Photos';
    let alive = true;
    const load = () => {
      section.replaceChildren(stateBlock('loading', 'Loading…'));
      this.api.links().then(
        (links) => {
          if (!alive) return;
          if (!links.length) {
            section.replaceChildren(stateBlock('empty', 'No shared links', 'Open an album and press Share to make one.'));
            return;
          }
          const row = (l: (typeof links)[number]) => {
            const revoke = l.state === 'open' ? h('button.button.subtle', { type: 'button', 'aria-label': `Turn off the link to ${l.album}` }, 'Turn off') : null;
            revoke?.addEventListener('click', () => {
              revoke.disabled = true;
              this.api.revokeLink(l.id).then(load, (err) => section.prepend(this.fail(err, load)));
            });
            const state = l.state === 'open' ? `until ${formatDate(l.expiresAt)}` : l.state === 'revoked' ? 'turned off' : 'expired';
            return h('tr', { 'data-link': l.id }, h('td', {}, l.album || '(root)'), h('td', {}, state), h('td', {}, l.createdBy), h('td', {}, revoke));
          };
          section.replaceChildren(
            h(
              'table.failed-table',
              {},
              h('caption.sr-only', {}, `${links.length} shared links`),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Album'), h('th', { scope: 'col' }, 'Works'), h('th', { scope: 'col' }, 'Made by'), h('th', { scope: 'col' }, h('span.sr-only', {}, 'Action')))),
              h('tbody', {}, ...links.map(row)),
            ),
          );
        },
        (err) => alive && section.replaceChildren(this.fail(err, load)),
      );
    };
    load();
    return { route: { name: 'links' }, destroy: () => (alive = false) };
  }

  private failedPage(): Page {
    const section = h('section.failed');
    this.main.append(h('div.page-head', {}, h('div', {}, h('h1', {}, 'Failed photos'), h('p.page-sub', {}, 'Files that could not be turned into photos, and why. Fix or replace the file in the bucket and it is processed again.'))), section);
    document.title = 'Failed photos · Family Photos';
    let alive = true;
    const load = () => {
      section.replaceChildren(stateBlock('loading', 'Loading…'));
      this.api.failed().then(
        (rows) => {
          if (!alive) return;
          if (!rows.length) {
            section.replaceChildren(stateBlock('empty', 'Nothing failed', 'Every file uploaded so far was processed.'));
            return;
          }
          section.replaceChildren(
            h(
              'table.failed-table',
              {},
              h('caption.sr-only', {}, `${rows.length} failed photos`),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Album'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'When'))),
              h(
                'tbody',
                {},
                ...rows.map((r) => h('tr', {}, h('td', { title: r.key }, fileName(r.key)), h('td', {}, r.album), h('td.reason', {}, r.reason), h('td', {}, formatDate(r.updatedAt)))),
              ),
            ),
          );
        },
        (err) => {
          if (!alive) return;
          if (err instanceof ApiError && err.status === 403) {
            section.replaceChildren(stateBlock('error', 'Only for admins', 'This page lists photos that failed to process. Ask the family admin if something looks wrong.'));
          } else section.replaceChildren(this.fail(err, load));
        },
      );
    };
    load();
    return { route: { name: 'failed' }, destroy: () => (alive = false) };
  }
}
