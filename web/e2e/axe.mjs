// axe-core (npm axe-core) in the page under test, and the Content-Security-Policy watch.
// The page runs under the site's strict CSP (no inline scripts), so axe is evaluated through the
// DevTools protocol (page.evaluate of its source), which CSP does not govern, not added as a <script>.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page as it is; returns the serious and critical violations, described for an assertion message. */
export async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n').slice(1, 2).join('').trim()})`).join('; ')}`);
}

/** Records every CSP violation a page of this context reports (the app must run under the policy without any). */
export async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['the CSP watch was not installed']);
}
