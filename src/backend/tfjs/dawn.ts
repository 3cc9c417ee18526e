// A WebGPU device from Dawn (the `webgpu` npm package, binaries shipped in the
// tarball) for tfjs' WebGPU backend in Node. Dawn's default backend first
// (Vulkan: NVIDIA/AMD GPUs, Metal, D3D12), then its OpenGL backend in
// compatibility mode — on a CPU-only Linux machine, Mesa's llvmpipe through
// surfaceless EGL: slow, but a real execution of the WebGPU code path.
//
// EGL reads its platform from the *process* environment, so the main thread
// sets it before any thread creates a device (setDawnEnvironment).
import { readdirSync } from 'node:fs';

export interface DawnDevice {
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** e.g. "opengl: llvmpipe (LLVM 15.0.6, 256 bits)". */
  readonly description: string;
  /** A CPU rasterizer (llvmpipe, SwiftShader, a fallback adapter), not a GPU. */
  readonly software: boolean;
}

/** What Dawn's OpenGL path needs without a display: EGL on the surfaceless platform. Only fills unset variables. */
export function setDawnEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.EGL_PLATFORM ??= 'surfaceless';
}

/** Whether a Vulkan driver is installed (Linux ICD manifests); elsewhere Dawn's default backend is always tried. */
export function hasVulkanDriver(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  if (platform !== 'linux') return true;
  if (env.VK_ICD_FILENAMES !== undefined || env.VK_DRIVER_FILES !== undefined) return true;
  return ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'].some((dir) => {
    try {
      return readdirSync(dir).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

async function request(gpu: GPU, options: Record<string, unknown>): Promise<GPUAdapter | null> {
  try {
    return await gpu.requestAdapter(options as GPURequestAdapterOptions);
  } catch {
    return null;
  }
}

/** Returns a device, or undefined with the reason when no adapter exists. */
export async function createDawnDevice(env: NodeJS.ProcessEnv = process.env): Promise<DawnDevice | { readonly unavailable: string }> {
  if (env.NC_CHECK_DISABLE_WEBGPU !== undefined && env.NC_CHECK_DISABLE_WEBGPU !== '') {
    return { unavailable: 'WebGPU disabled by NC_CHECK_DISABLE_WEBGPU' };
  }
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch (e) {
    return { unavailable: `the webgpu package (Dawn) does not load here: ${e instanceof Error ? e.message : String(e)}` };
  }
  Object.assign(globalThis, dawn.globals);
  const attempts: { label: string; flags: string[]; options: Record<string, unknown> }[] = [
    { label: 'default', flags: [], options: { powerPreference: 'high-performance' } },
    { label: 'opengl', flags: ['backend=opengl'], options: { featureLevel: 'compatibility' } },
  ];
  // Without a Vulkan driver the default attempt only prints Dawn's errors: skip it.
  for (const a of hasVulkanDriver() ? attempts : attempts.slice(1)) {
    const gpu = dawn.create(a.flags);
    const adapter = await request(gpu, a.options);
    if (adapter === null) continue;
    const limits = adapter.limits;
    // tfjs-backend-webgpu's own request: its shaders need the adapter's full workgroup limits.
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      },
    });
    const info = adapter.info;
    const text = [info.vendor, info.architecture, info.device, info.description].filter((s) => s !== undefined && s !== '').join(' ');
    const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
    return {
      gpu,
      adapter,
      device,
      description: `${a.label}: ${text}`,
      software: fallback || /llvmpipe|swiftshader|lavapipe|softpipe/i.test(text),
    };
  }
  return { unavailable: 'no WebGPU adapter (Dawn found neither a Vulkan/Metal/D3D12 GPU nor an OpenGL/EGL driver)' };
}
