self.addEventListener('install', () => {});
