import { it } from 'vitest';
import axe from 'axe-core';
import { launchChromium, openVisitor, startBrowserApp, pageScrollWidth } from '/work/main/test/support/browser.js';
import { registerVerifiedCustomer } from '/work/main/test/support/factories.js';

it('look', async () => {
  const t = await startBrowserApp();
  const browser = await launchChromium();
  const c = await registerVerifiedCustomer(t, { firstName: 'Inès' });
  const { page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
  const all = async (name: string) => {
    await page.addScriptTag({ content: axe.source });
    const r = await page.evaluate(async () => (await (globalThis as any).axe.run()).violations.map((v: any) => `${v.impact} ${v.id}: ${v.help} @ ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`));
    console.log(name, await pageScrollWidth(page), r);
    await page.screenshot({ path: `/tmp/scratch/${name}.png`, fullPage: true });
  };
  for (const p of ['/sign-up', '/forgot-password', '/sign-in', '/reset-password?token=x', '/nowhere', '/verify-email']) {
    await page.goto(p); await page.locator('h1').waitFor(); await page.waitForTimeout(500); await all(p.replace(/[\/?=]/g, '_'));
  }
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByLabel('Adresse e-mail').fill(c.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(c.password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.getByRole('heading', { name: 'Bonjour Inès' }).waitFor();
  await page.waitForTimeout(1000);
  await all('account');
  // errors state
  await page.goto('/sign-up'); await page.locator('h1').waitFor();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForTimeout(500);
  await all('sign-up-errors');
  await browser.close(); await t.close();
}, 120000);
