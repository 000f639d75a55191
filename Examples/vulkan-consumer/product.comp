#version 450
// m[pos][k][p] = sum over c of u[pos][k][c] * v[pos][c][p]: the product in the
// transformed domain, one invocation per (pos, k, p).
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer Filters { float u[]; };
layout(std430, binding = 1) readonly buffer Tiles { float v[]; };
layout(std430, binding = 2) writeonly buffer Products { float m[]; };
layout(push_constant) uniform Shape { uint channels, filters, tiles, count; } shape;

void main()
{
    const uint id = gl_GlobalInvocationID.x;
    if (id >= shape.count) {
        return;
    }
    const uint p = id % shape.tiles, k = id / shape.tiles % shape.filters, pos = id / shape.tiles / shape.filters;
    float sum = 0.0;
    for (uint c = 0u; c < shape.channels; ++c) {
        sum += u[(pos * shape.filters + k) * shape.channels + c] * v[(pos * shape.channels + c) * shape.tiles + p];
    }
    m[id] = sum;
}
