"""Runs WGSL batch kernels through WebGPU (Python wgpu, on Mesa's lavapipe in
the tests); jobs as README.md describes. Bindings (group 0): 0 the source and
1 the destination storage buffers, 2 the batch layout (a uniform buffer of thirteen
u32); 64 invocations a workgroup."""

import struct
import sys

import wgpu


def main(jobs_path):
    adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
    print("device:", adapter.info["device"])
    device = adapter.request_device_sync()
    modules = {}
    with open(jobs_path) as jobs:
        for line in jobs:
            fields = line.split()
            if not fields:
                continue
            source, entry, element, src_path, src_count, dst_path, dst_count, work_items = fields[:8]
            batch = [int(value) for value in fields[8:21]]
            if int(element) != 4:
                sys.exit("WGSL kernels are f32 only")
            if source not in modules:
                with open(source) as text:
                    modules[source] = device.create_shader_module(code=text.read())
            with open(src_path, "rb") as data:
                src = data.read()
            if len(src) != int(src_count) * 4:
                sys.exit(f"{src_path} holds {len(src)} bytes, not {src_count} elements")
            dst_size = int(dst_count) * 4
            usage = wgpu.BufferUsage
            src_buffer = device.create_buffer_with_data(data=src, usage=usage.STORAGE)
            dst_buffer = device.create_buffer(size=dst_size, usage=usage.STORAGE | usage.COPY_SRC)
            uniform = device.create_buffer_with_data(data=struct.pack("<13I", *batch), usage=usage.UNIFORM)
            pipeline = device.create_compute_pipeline(
                layout="auto", compute={"module": modules[source], "entry_point": entry}
            )
            bind_group = device.create_bind_group(
                layout=pipeline.get_bind_group_layout(0),
                entries=[
                    {"binding": 0, "resource": {"buffer": src_buffer, "offset": 0, "size": len(src)}},
                    {"binding": 1, "resource": {"buffer": dst_buffer, "offset": 0, "size": dst_size}},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 52}},
                ],
            )
            encoder = device.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups((int(work_items) + 63) // 64, 1, 1)
            compute.end()
            device.queue.submit([encoder.finish()])
            with open(dst_path, "wb") as out:
                out.write(device.queue.read_buffer(dst_buffer))
            print(f"ran {source} {entry} on {batch[0]} tiles")


if __name__ == "__main__":
    main(sys.argv[1])
