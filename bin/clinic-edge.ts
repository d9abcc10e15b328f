#!/usr/bin/env node
console.log('clinic-edge');
