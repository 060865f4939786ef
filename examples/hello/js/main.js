/* global document */
// Proves that module scripts run: the e2e tests wait for data-js="ok" and the status text.
const status = document.getElementById('js-status');
if (status) status.textContent = 'JavaScript ran: this text was written by /js/main.js.';
document.body.dataset.js = 'ok';
