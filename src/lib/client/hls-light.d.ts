// hls.js ships no types for its light build's export path; it is the same API.
declare module 'hls.js/light' {
	export { default } from 'hls.js';
}
