import { describeAuthError, type Auth, type SignInResult } from '../auth';
import { clear, h } from '../dom';

/** Labels for the attributes a user pool may require at first sign-in. */
const ATTRIBUTE_LABELS: Record<string, { label: string; type: string; autocomplete: string }> = {
  name: { label: 'Your name', type: 'text', autocomplete: 'name' },
  given_name: { label: 'First name', type: 'text', autocomplete: 'given-name' },
  family_name: { label: 'Last name', type: 'text', autocomplete: 'family-name' },
  nickname: { label: 'Nickname', type: 'text', autocomplete: 'nickname' },
  email: { label: 'Email', type: 'email', autocomplete: 'email' },
  phone_number: { label: 'Phone number (+countrycode…)', type: 'tel', autocomplete: 'tel' },
  birthdate: { label: 'Birthday (YYYY-MM-DD)', type: 'text', autocomplete: 'bday' },
};

interface Field {
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  value?: string;
  hint?: string;
}

/**
 * The sign-in screens: sign in, first login (new password + required attributes), forgot password
 * (request a code, then code + new password). Each failure says what happened and what to do.
 */
export class SignInView {
  private readonly el = h('main.signin', { id: 'main' });
  private username = '';

  constructor(private readonly auth: Auth, private readonly onSignedIn: () => void, private notice?: string) {}

  mount(root: HTMLElement): void {
    clear(root);
    root.appendChild(this.el);
    this.showSignIn(this.notice);
    this.notice = undefined;
  }

  private card(title: string, intro: string | null, form: HTMLFormElement, ...footer: (Node | null)[]): void {
    clear(this.el);
    this.el.appendChild(
      h(
        'div.signin-card',
        {},
        h('div.brand', { 'aria-hidden': 'true' }, h('span.brand-mark'), 'Family Photos'),
        h('h1', {}, title),
        intro ? h('p.intro', {}, intro) : null,
        form,
        ...footer,
      ),
    );
    (form.querySelector('input') as HTMLInputElement | null)?.focus();
  }

  private form(
    during: 'signIn' | 'newPassword' | 'reset',
    fields: Field[],
    submitLabel: string,
    submit: (values: Record<string, string>) => Promise<void>,
    message?: { text: string; kind: 'error' | 'info' },
  ): HTMLFormElement {
    const msg = h('p.form-message', { role: 'alert', 'aria-live': 'assertive' });
    if (message) {
      msg.textContent = message.text;
      msg.dataset.kind = message.kind;
    }
    const button = h('button.button.primary', { type: 'submit' }, submitLabel);
    const form = h(
      'form.form',
      { novalidate: true },
      msg,
      ...fields.map((f) => {
        const id = `field-${f.name.replace(/\W/g, '-')}`;
        return h(
          'div.field',
          {},
          h('label', { for: id }, f.label),
          h('input', { id, name: f.name, type: f.type ?? 'text', autocomplete: f.autocomplete ?? 'off', required: true, value: f.value ?? '', 'aria-describedby': f.hint ? `${id}-hint` : null }),
          f.hint ? h('small', { id: `${id}-hint` }, f.hint) : null,
        );
      }),
      button,
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const values: Record<string, string> = {};
      for (const f of fields) values[f.name] = (form.elements.namedItem(f.name) as HTMLInputElement).value;
      const missing = fields.find((f) => !values[f.name].trim());
      if (missing) {
        msg.textContent = `Please fill in "${missing.label}".`;
        msg.dataset.kind = 'error';
        (form.elements.namedItem(missing.name) as HTMLInputElement).focus();
        return;
      }
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      msg.textContent = '';
      try {
        await submit(values);
      } catch (err) {
        msg.textContent = describeAuthError(err, during);
        msg.dataset.kind = 'error';
      } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
    });
    return form;
  }

  private link(label: string, run: () => void): HTMLElement {
    return h('button.link', { type: 'button', onclick: run }, label);
  }

  showSignIn(notice?: string): void {
    const form = this.form(
      'signIn',
      [
        { name: 'username', label: 'Email or user name', type: 'text', autocomplete: 'username', value: this.username },
        { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
      ],
      'Sign in',
      async (v) => {
        this.username = v.username.trim();
        this.handle(await this.auth.signIn(this.username, v.password));
      },
      notice ? { text: notice, kind: 'info' } : undefined,
    );
    this.card('Sign in', 'Our family photos, for the people we invited.', form, h('p.footer', {}, this.link('Forgot password?', () => this.showForgot())));
  }

  private handle(result: SignInResult): void {
    if (result.kind === 'signedIn') this.onSignedIn();
    else this.showNewPassword(result);
  }

  private showNewPassword(result: Extract<SignInResult, { kind: 'newPasswordRequired' }>): void {
    const attrs = result.requiredAttributes.filter((a) => a !== 'email' || !this.username.includes('@'));
    const fields: Field[] = [
      ...attrs.map((a) => ({ name: `attr:${a}`, label: ATTRIBUTE_LABELS[a]?.label ?? a.replace(/_/g, ' '), type: ATTRIBUTE_LABELS[a]?.type, autocomplete: ATTRIBUTE_LABELS[a]?.autocomplete })),
      { name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: 'At least 8 characters. Use something you do not use elsewhere.' },
      { name: 'confirm', label: 'New password again', type: 'password', autocomplete: 'new-password' },
    ];
    const form = this.form('newPassword', fields, 'Save and continue', async (v) => {
      if (v.password !== v.confirm) throw Object.assign(new Error('The two passwords are not the same.'), { code: 'Mismatch' });
      const attributes: Record<string, string> = {};
      for (const a of attrs) attributes[a] = v[`attr:${a}`].trim();
      if (result.requiredAttributes.includes('email') && !attrs.includes('email')) attributes.email = this.username;
      this.handle(await result.complete(v.password, attributes));
    });
    this.card('Welcome!', 'You were invited to the family photos. Choose your own password to finish setting up.', form);
  }

  private showForgot(): void {
    const form = this.form(
      'reset',
      [{ name: 'username', label: 'Email or user name', type: 'text', autocomplete: 'username', value: this.username }],
      'Send me a code',
      async (v) => {
        this.username = v.username.trim();
        const destination = await this.auth.forgotPassword(this.username);
        this.showReset(destination);
      },
    );
    this.card('Reset your password', 'We will send a code to the email of your account.', form, h('p.footer', {}, this.link('Back to sign in', () => this.showSignIn())));
  }

  private showReset(destination?: string): void {
    const form = this.form(
      'reset',
      [
        { name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code' },
        { name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password' },
        { name: 'confirm', label: 'New password again', type: 'password', autocomplete: 'new-password' },
      ],
      'Set new password',
      async (v) => {
        if (v.password !== v.confirm) throw Object.assign(new Error('The two passwords are not the same.'), { code: 'Mismatch' });
        await this.auth.confirmPassword(this.username, v.code, v.password);
        this.showSignIn('Your password is changed. Sign in with the new one.');
      },
      { text: destination ? `We sent a code to ${destination}.` : 'We sent you a code.', kind: 'info' },
    );
    this.card('Enter the code', null, form, h('p.footer', {}, this.link('Send a new code', () => this.showForgot()), ' · ', this.link('Back to sign in', () => this.showSignIn())));
  }
}
