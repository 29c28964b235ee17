// Entry point: sign-in, then the worklist (#/) and the case page (#/case/<caseId>).

import * as auth from './auth.js';
import { CasePage } from './case-page.js';
import { h, notice, show } from './dom.js';
import { CONCLUSIONS, RECOMMENDATIONS, STAGES } from './labels.js';
import { Worklist } from './worklist.js';

const views = {
  starting: document.getElementById('starting'),
  signIn: document.getElementById('sign-in-view'),
  worklist: document.getElementById('worklist-view'),
  case: document.getElementById('case-view'),
};

let worklist = null;
let casePage = null;
let openCase = null;

function showView(name) {
  Object.entries(views).forEach(([key, element]) => show(element, key === name));
}

function showSignIn(config, message) {
  show(document.getElementById('session'), false);
  document.getElementById('sign-in-provider').textContent = config?.issuer ?? 'not configured';
  const button = document.getElementById('sign-in');
  button.disabled = !config?.issuer;
  notice(document.getElementById('sign-in-message'), message ?? '');
  document.title = 'Sign in – COP dashboard';
  showView('signIn');
}

function fillFilterOptions() {
  const options = [['filter-conclusion', CONCLUSIONS], ['filter-recommendation', RECOMMENDATIONS], ['filter-stage', STAGES]];
  for (const [id, labels] of options) {
    const select = document.getElementById(id);
    Object.entries(labels).forEach(([code, text]) => select.append(h('option', { value: code }, text)));
  }
}

function readFilters(form) {
  const data = new FormData(form);
  const filters = {};
  for (const name of ['conclusion', 'recommendation', 'stage']) {
    const value = data.get(name);
    if (value) {
      filters[name] = value;
    }
  }
  const local = data.get('updatedAfter');
  if (local) {
    const at = new Date(local); // datetime-local: the user's local time
    if (!Number.isNaN(at.getTime())) {
      filters.updatedAfter = at.toISOString();
    }
  }
  return filters;
}

function route() {
  if (!auth.signedIn()) {
    return;
  }
  const match = /^#\/case\/(.+)$/.exec(window.location.hash);
  let caseId = null;
  if (match) {
    try {
      caseId = decodeURIComponent(match[1]);
    } catch {
      caseId = match[1];
    }
  }
  if (caseId !== null) {
    worklist.setVisible(false);
    showView('case');
    openCase = caseId;
    casePage.open(caseId);
    return;
  }
  casePage.close();
  showView('worklist');
  document.title = 'Worklist – COP dashboard';
  worklist.setVisible(true);
  const back = openCase;
  openCase = null;
  // Back from a case: focus its link (or the heading); on the first view focus stays at the top of the page.
  if (back !== null && !worklist.focusCase(back)) {
    document.getElementById('worklist-title').focus();
  }
}

function startSignedIn(config) {
  const who = auth.user();
  document.getElementById('user-name').textContent = who.name;
  document.getElementById('user-hospital').textContent = who.hospital;
  document.getElementById('worklist-caption').textContent = `Cases of ${who.hospital}, most urgent first`;
  show(document.getElementById('session'), true);
  const pollMs = Math.max(1, Number(config.pollIntervalSeconds) || 5) * 1000;
  worklist = new Worklist(pollMs);
  casePage = new CasePage(pollMs);
  worklist.restart({});
  route();
}

/** Signed out (button, expiry, 401): stop polling and take every case off the screen. */
function signedOut(config, message) {
  worklist?.clear();
  casePage?.clear();
  worklist = null;
  casePage = null;
  openCase = null;
  if (window.location.hash) {
    window.history.replaceState(null, '', config.redirectPath);
  }
  showSignIn(config, message);
  document.getElementById('sign-in-title').focus();
}

async function main() {
  fillFilterOptions();
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });

  let config;
  try {
    config = await auth.loadConfig();
  } catch (error) {
    showSignIn(null, `The dashboard configuration could not be read (${error.message}).`);
    return;
  }
  if (!config.issuer) {
    showSignIn(null, 'Sign-in is not configured on this gateway (gateway.dashboard.oidc.issuer).');
    return;
  }

  document.getElementById('sign-in').addEventListener('click', async () => {
    try {
      await auth.beginSignIn(config);
    } catch (error) {
      notice(document.getElementById('sign-in-message'), `Sign-in could not start: ${error.message}`);
    }
  });
  document.getElementById('sign-out').addEventListener('click', () => auth.endSession('You have signed out.'));
  auth.onSessionEnd((message) => signedOut(config, message));

  const form = document.getElementById('filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    worklist?.restart(readFilters(form));
  });
  form.addEventListener('reset', () => {
    // After the browser has cleared the fields.
    setTimeout(() => worklist?.restart({}), 0);
  });
  window.addEventListener('hashchange', route);

  try {
    if (await auth.completeSignIn(config)) {
      startSignedIn(config);
      return;
    }
  } catch (error) {
    showSignIn(config, `Sign-in failed: ${error.message}`);
    return;
  }
  showSignIn(config);
}

main();
