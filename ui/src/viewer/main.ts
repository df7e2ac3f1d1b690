import { mount } from 'svelte';
import Viewer from './Viewer.svelte';
import './viewer.css';

const target = document.getElementById('viewer');
if (target) mount(Viewer, { target });
