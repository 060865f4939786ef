// The service worker's global scope; sw/ code reads `self` through this declaration.
declare const self: ServiceWorkerGlobalScope;
