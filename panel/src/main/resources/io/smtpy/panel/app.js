// Placeholder until the panel's front-end lands: marks the page as loaded.
const main = document.getElementById('main');
main.dataset.screen = 'placeholder';
main.dataset.ready = 'true';
