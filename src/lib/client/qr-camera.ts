// Reads QR codes from the phone's camera: getUserMedia (the rear camera when
// there is one) into a <video>, frames drawn on a canvas a few times a
// second and decoded with jsQR (loaded only when the camera starts).
export type CameraError = 'unsupported' | 'denied' | 'failed';

export interface CameraScan {
	stop(): void;
}

export async function startQrCamera(
	video: HTMLVideoElement,
	onText: (text: string) => void
): Promise<CameraScan> {
	if (!navigator.mediaDevices?.getUserMedia) throw 'unsupported' satisfies CameraError;
	let stream: MediaStream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({
			video: { facingMode: { ideal: 'environment' } },
			audio: false
		});
	} catch (e) {
		throw (
			(e as DOMException).name === 'NotAllowedError' ? 'denied' : 'failed'
		) satisfies CameraError;
	}
	const { default: jsQR } = await import('jsqr');
	video.srcObject = stream;
	video.setAttribute('playsinline', '');
	video.muted = true;
	await video.play().catch(() => {});
	const canvas = document.createElement('canvas');
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
	let stopped = false;
	const tick = () => {
		if (stopped) return;
		const w = video.videoWidth;
		const h = video.videoHeight;
		if (w && h) {
			// at most 640 px wide: enough for a QR code filling part of the view
			const scale = Math.min(1, 640 / w);
			canvas.width = Math.round(w * scale);
			canvas.height = Math.round(h * scale);
			ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
			const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
			const found = jsQR(image.data, image.width, image.height, {
				inversionAttempts: 'dontInvert'
			});
			if (found?.data) onText(found.data);
		}
		timer = setTimeout(tick, 250);
	};
	let timer = setTimeout(tick, 100);
	return {
		stop() {
			stopped = true;
			clearTimeout(timer);
			for (const t of stream.getTracks()) t.stop();
			video.srcObject = null;
		}
	};
}
