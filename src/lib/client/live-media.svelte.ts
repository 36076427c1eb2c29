// What the lecturer broadcasts: camera + microphone or screen + microphone,
// the devices to choose from, and the microphone's level (WebAudio analyser)
// for the meter next to the preview.
export type Source = 'camera' | 'screen';

export class LiveMedia {
	source = $state<Source>('camera');
	cameras = $state<{ id: string; label: string }[]>([]);
	mics = $state<{ id: string; label: string }[]>([]);
	cameraId = $state('');
	micId = $state('');
	stream = $state<MediaStream | null>(null);
	/** 0..1, the microphone's loudness now */
	level = $state(0);
	error = $state<string | null>(null);

	private audio: AudioContext | null = null;
	private meterFrame = 0;

	/** Devices, with labels once permission was given. */
	async listDevices(): Promise<void> {
		const all = await navigator.mediaDevices.enumerateDevices();
		const named = (kind: MediaDeviceKind, fallback: string) =>
			all
				.filter((d) => d.kind === kind)
				.map((d, i) => ({ id: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
		this.cameras = named('videoinput', 'Camera');
		this.mics = named('audioinput', 'Microphone');
	}

	/** Acquires the chosen source (replacing the previous one); false when the browser refused. */
	async acquire(): Promise<boolean> {
		this.error = null;
		try {
			const audio: MediaTrackConstraints | boolean = this.micId
				? { deviceId: { exact: this.micId } }
				: true;
			let stream: MediaStream;
			if (this.source === 'screen') {
				const screen = await navigator.mediaDevices.getDisplayMedia({
					video: { frameRate: 15 },
					audio: false
				});
				const mic = await navigator.mediaDevices.getUserMedia({ audio });
				stream = new MediaStream([...screen.getVideoTracks(), ...mic.getAudioTracks()]);
			} else {
				const video: MediaTrackConstraints = {
					width: { ideal: 1280 },
					height: { ideal: 720 },
					...(this.cameraId ? { deviceId: { exact: this.cameraId } } : {})
				};
				stream = await navigator.mediaDevices.getUserMedia({ video, audio });
			}
			this.release();
			this.stream = stream;
			this.meter(stream);
			await this.listDevices();
			return true;
		} catch (e) {
			this.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
			return false;
		}
	}

	release(): void {
		for (const t of this.stream?.getTracks() ?? []) t.stop();
		this.stream = null;
	}

	destroy(): void {
		this.release();
		cancelAnimationFrame(this.meterFrame);
		void this.audio?.close();
		this.audio = null;
	}

	private meter(stream: MediaStream) {
		cancelAnimationFrame(this.meterFrame);
		if (!stream.getAudioTracks().length) return;
		this.audio ??= new AudioContext();
		const analyser = this.audio.createAnalyser();
		analyser.fftSize = 512;
		this.audio.createMediaStreamSource(stream).connect(analyser);
		const data = new Float32Array(analyser.fftSize);
		const tick = () => {
			analyser.getFloatTimeDomainData(data);
			let sum = 0;
			for (const v of data) sum += v * v;
			// RMS → a 0..1 scale that moves for speech (−50 dB … 0 dB)
			const db = 20 * Math.log10(Math.sqrt(sum / data.length) || 1e-6);
			this.level = Math.max(0, Math.min(1, (db + 50) / 50));
			this.meterFrame = requestAnimationFrame(tick);
		};
		void this.audio.resume();
		tick();
	}
}
