import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';

/**
 * A real Chromium from npm alone: @sparticuz/chromium ships the binary in its package
 * (143.0.4, the last release that runs on Node 20), so `npm ci && npm test` needs no
 * apt step and no download from elsewhere.
 */
async function launchOptions(): Promise<LaunchOptions> {
  return { executablePath: await chromium.executablePath(), args: [...chromium.args.filter((arg) => !SERVERLESS_ONLY.has(arg) && !EMULATED_GPU.has(arg)), '--disable-gpu'], headless: true };
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

// Its GPU is SwiftShader, a GPU emulated on the CPU, run inside the browser's process:
// composing each frame through it was half of Chromium's CPU in the browser tests. With
// --disable-gpu, Chromium composes in software as it does on any machine without a GPU;
// pages, scripts, CORS and cookies are the same. (Six browser files, side by side, two
// runs each: 79-88 s of CPU with the emulated GPU, 45-49 s without.)
const EMULATED_GPU = new Set(['--ignore-gpu-blocklist', '--in-process-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
