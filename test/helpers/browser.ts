import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';

/**
 * A real Chromium from npm alone: @sparticuz/chromium ships the binary in its package
 * (143.0.4, the last release that runs on Node 20), so `npm ci && npm test` needs no
 * apt step and no download from elsewhere.
 */
async function launchOptions(): Promise<LaunchOptions> {
  return { executablePath: await chromium.executablePath(), args: chromium.args.filter((arg) => !SERVERLESS_ONLY.has(arg)), headless: true };
}

/** A browser of its own, for the bench. */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch(await launchOptions());
}

/** The run's one browser, which test/browser/global-setup.ts starts for every browser test file. */
export async function launchChromiumServer(): Promise<BrowserServer> {
  return playwright.launchServer(await launchOptions());
}

/**
 * A connection to the run's browser. Closing it closes what it opened (its contexts and
 * pages), not the browser, which the next file uses.
 */
export async function connectChromium(wsEndpoint: string): Promise<Browser> {
  return playwright.connect(wsEndpoint);
}

// Its arguments are made for a serverless function. These would make it another browser
// than a user's: no CORS and no mixed-content rules at all, and one process that ends
// with its last page.
const SERVERLESS_ONLY = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);
