import { mount } from 'svelte';
import App from './App.svelte';
import { applyTheme, savedTheme } from './lib/theme';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

applyTheme(savedTheme());

export default mount(App, { target });
