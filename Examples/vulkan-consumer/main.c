/* vulkan-consumer: a 3-channel 18x18 image convolved with 4 filters of 3x3 by
 * Winograd F(4x4,3x3) on a Vulkan device, with the committed GLSL kernels of
 * Generated/GPU/glsl compiled to SPIR-V (see the Makefile): one dispatch
 * transforms every filter, one every input tile of every channel, product.spv
 * multiplies in the transformed domain (M = U.V per position, summed over
 * channels), and one dispatch transforms every output tile back into the 4
 * output images, all in one command buffer. The result is compared with direct
 * correlation in double. Usage: vulkan-consumer [DIR holding the .spv files]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vulkan/vulkan.h>

enum { C = 3, K = 4, M = 4, R = 3, N = M + R - 1, TILES_Y = 4, TILES_X = 4 };
enum { H = TILES_Y * M + R - 1, W = TILES_X * M + R - 1, OUT_H = TILES_Y * M, OUT_W = TILES_X * M };
enum { P = TILES_Y * TILES_X, POSITIONS = N * N };

/* The layout of every emitted batch kernel, field for field (P_batch, push constants). */
typedef struct {
    uint32_t tiles, tiles_per_image, tiles_per_row;
    uint32_t src_image_stride, src_tile_row_stride, src_tile_stride, src_row_stride, src_column_stride;
    uint32_t dst_image_stride, dst_tile_row_stride, dst_tile_stride, dst_row_stride, dst_column_stride;
} batch_layout;

#define CHECK(call)                                                                                                  \
    do {                                                                                                             \
        VkResult result_ = (call);                                                                                   \
        if (result_ != VK_SUCCESS) {                                                                                 \
            fprintf(stderr, "%s failed: %d\n", #call, (int)result_);                                                 \
            exit(1);                                                                                                 \
        }                                                                                                            \
    } while (0)

static VkPhysicalDevice physical;
static VkDevice device;
static VkDescriptorSetLayout set_layout;
static VkPipelineLayout pipeline_layout;
static VkDescriptorPool pool;

typedef struct {
    VkBuffer buffer;
    VkDeviceMemory memory;
    float *data;
} storage;

/* A host-visible, coherent storage buffer of `floats` floats, holding `data` or zeros. */
static storage make_storage(size_t floats, const float *data)
{
    storage s;
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = floats * sizeof(float);
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    CHECK(vkCreateBuffer(device, &info, NULL, &s.buffer));
    VkMemoryRequirements needs;
    vkGetBufferMemoryRequirements(device, s.buffer, &needs);
    VkPhysicalDeviceMemoryProperties properties;
    vkGetPhysicalDeviceMemoryProperties(physical, &properties);
    VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    VkMemoryAllocateInfo allocation = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    allocation.allocationSize = needs.size;
    allocation.memoryTypeIndex = UINT32_MAX;
    for (uint32_t k = 0; k < properties.memoryTypeCount && allocation.memoryTypeIndex == UINT32_MAX; k++)
        if ((needs.memoryTypeBits & (1u << k)) && (properties.memoryTypes[k].propertyFlags & wanted) == wanted)
            allocation.memoryTypeIndex = k;
    if (allocation.memoryTypeIndex == UINT32_MAX) {
        fprintf(stderr, "no host-visible coherent memory\n");
        exit(1);
    }
    CHECK(vkAllocateMemory(device, &allocation, NULL, &s.memory));
    CHECK(vkBindBufferMemory(device, s.buffer, s.memory, 0));
    void *mapped;
    CHECK(vkMapMemory(device, s.memory, 0, info.size, 0, &mapped));
    s.data = mapped;
    if (data) memcpy(s.data, data, info.size);
    else memset(s.data, 0, info.size);
    return s;
}

/* The compute pipeline of a SPIR-V module, entry point main. */
static VkPipeline make_pipeline(const char *folder, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s (make builds it)\n", path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint32_t *code = malloc((size_t)size);
    if (!code || fread(code, 1, (size_t)size, file) != (size_t)size) exit(1);
    fclose(file);
    VkShaderModuleCreateInfo module_info = {.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    module_info.codeSize = (size_t)size;
    module_info.pCode = code;
    VkShaderModule module;
    CHECK(vkCreateShaderModule(device, &module_info, NULL, &module));
    VkComputePipelineCreateInfo info = {.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.layout = pipeline_layout;
    VkPipeline pipeline;
    CHECK(vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &info, NULL, &pipeline));
    vkDestroyShaderModule(device, module, NULL);
    free(code);
    return pipeline;
}

/* Records a dispatch of `items` invocations over buffers at bindings 0, 1, 2, then a barrier. */
static void dispatch(VkCommandBuffer commands, VkPipeline pipeline, storage a, storage b, storage c,
                     const void *push, uint32_t push_size, uint32_t items)
{
    VkDescriptorSetAllocateInfo allocation = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    allocation.descriptorPool = pool;
    allocation.descriptorSetCount = 1;
    allocation.pSetLayouts = &set_layout;
    VkDescriptorSet set;
    CHECK(vkAllocateDescriptorSets(device, &allocation, &set));
    VkDescriptorBufferInfo buffers[3] = {
        {a.buffer, 0, VK_WHOLE_SIZE}, {b.buffer, 0, VK_WHOLE_SIZE}, {c.buffer, 0, VK_WHOLE_SIZE}};
    VkWriteDescriptorSet writes[3];
    for (uint32_t k = 0; k < 3; k++) {
        VkWriteDescriptorSet write = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        write.dstSet = set;
        write.dstBinding = k;
        write.descriptorCount = 1;
        write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        write.pBufferInfo = &buffers[k];
        writes[k] = write;
    }
    vkUpdateDescriptorSets(device, 3, writes, 0, NULL);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_layout, 0, 1, &set, 0, NULL);
    vkCmdPushConstants(commands, pipeline_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push_size, push);
    vkCmdDispatch(commands, (items + 63) / 64, 1, 1);
    VkMemoryBarrier barrier = {.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier, 0, NULL,
                         0, NULL);
}

int main(int argc, char **argv)
{
    const char *folder = argc > 1 ? argv[1] : ".";
    static float image[C * H * W], filters[K * C * R * R];
    unsigned long long state = 42;
    for (int k = 0; k < C * H * W; k++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        image[k] = (float)((double)(state >> 11) * 0x1p-53 * 2.0 - 1.0);
    }
    for (int k = 0; k < K * C * R * R; k++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        filters[k] = (float)((double)(state >> 11) * 0x1p-53 * 2.0 - 1.0);
    }

    VkApplicationInfo application = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO};
    application.pApplicationName = "vulkan-consumer";
    application.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo instance_info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    instance_info.pApplicationInfo = &application;
    VkInstance instance;
    CHECK(vkCreateInstance(&instance_info, NULL, &instance));
    uint32_t count = 1;
    VkResult found = vkEnumeratePhysicalDevices(instance, &count, &physical);
    if ((found != VK_SUCCESS && found != VK_INCOMPLETE) || count == 0) {
        fprintf(stderr, "no Vulkan device\n");
        return 1;
    }
    VkPhysicalDeviceProperties device_properties;
    vkGetPhysicalDeviceProperties(physical, &device_properties);
    uint32_t families = 0, compute = UINT32_MAX;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, NULL);
    VkQueueFamilyProperties family[16];
    if (families > 16) families = 16;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, family);
    for (uint32_t k = 0; k < families && compute == UINT32_MAX; k++)
        if (family[k].queueFlags & VK_QUEUE_COMPUTE_BIT) compute = k;
    if (compute == UINT32_MAX) {
        fprintf(stderr, "no compute queue\n");
        return 1;
    }
    float priority = 1;
    VkDeviceQueueCreateInfo queue_info = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue_info.queueFamilyIndex = compute;
    queue_info.queueCount = 1;
    queue_info.pQueuePriorities = &priority;
    VkDeviceCreateInfo device_info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    device_info.queueCreateInfoCount = 1;
    device_info.pQueueCreateInfos = &queue_info;
    CHECK(vkCreateDevice(physical, &device_info, NULL, &device));
    VkQueue queue;
    vkGetDeviceQueue(device, compute, 0, &queue);

    /* One layout for every pipeline: three storage buffers (the transforms use two) and 52 bytes of push constants. */
    VkDescriptorSetLayoutBinding bindings[3];
    for (uint32_t k = 0; k < 3; k++) {
        VkDescriptorSetLayoutBinding binding = {k, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT,
                                                NULL};
        bindings[k] = binding;
    }
    VkDescriptorSetLayoutCreateInfo set_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    set_info.bindingCount = 3;
    set_info.pBindings = bindings;
    CHECK(vkCreateDescriptorSetLayout(device, &set_info, NULL, &set_layout));
    VkPushConstantRange push = {VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(batch_layout)};
    VkPipelineLayoutCreateInfo layout_info = {.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &set_layout;
    layout_info.pushConstantRangeCount = 1;
    layout_info.pPushConstantRanges = &push;
    CHECK(vkCreatePipelineLayout(device, &layout_info, NULL, &pipeline_layout));
    VkDescriptorPoolSize pool_size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 12};
    VkDescriptorPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pool_info.maxSets = 4;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &pool_size;
    CHECK(vkCreateDescriptorPool(device, &pool_info, NULL, &pool));
    VkPipeline filter = make_pipeline(folder, "filter.spv"), input = make_pipeline(folder, "input.spv");
    VkPipeline product = make_pipeline(folder, "product.spv"), output = make_pipeline(folder, "output.spv");

    storage g = make_storage(K * C * R * R, filters), d = make_storage(C * H * W, image);
    storage u = make_storage(POSITIONS * K * C, NULL), v = make_storage(POSITIONS * C * P, NULL);
    storage m = make_storage(POSITIONS * K * P, NULL), y = make_storage(K * OUT_H * OUT_W, NULL);

    VkCommandPoolCreateInfo command_pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    command_pool_info.queueFamilyIndex = compute;
    VkCommandPool command_pool;
    CHECK(vkCreateCommandPool(device, &command_pool_info, NULL, &command_pool));
    VkCommandBufferAllocateInfo command_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    command_info.commandPool = command_pool;
    command_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    command_info.commandBufferCount = 1;
    VkCommandBuffer commands;
    CHECK(vkAllocateCommandBuffers(device, &command_info, &commands));
    VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    CHECK(vkBeginCommandBuffer(commands, &begin));
    /* Filters (KCRS, one after another) -> U position-major: u[pos][k][c]. */
    batch_layout filter_layout = {K * C, K * C, K * C, 0, 0, R * R, R, 1, 0, 0, 1, N * K * C, K * C};
    dispatch(commands, filter, g, u, y, &filter_layout, sizeof filter_layout, K * C);
    /* Input tiles of every channel (overlapping, from CHW) -> V position-major: v[pos][c][p]. */
    batch_layout input_layout = {C * P, P, TILES_X, H * W, M * W, M, W, 1, P, TILES_X, 1, N * C * P, C * P};
    dispatch(commands, input, d, v, y, &input_layout, sizeof input_layout, C * P);
    /* M = U.V per position. */
    uint32_t shape[4] = {C, K, P, POSITIONS * K * P};
    dispatch(commands, product, u, v, m, shape, sizeof shape, POSITIONS * K * P);
    /* M position-major (m[pos][k][p]) -> output tiles of the K images (KHW). */
    batch_layout output_layout = {K * P, P, TILES_X, P, TILES_X, 1, N * K * P, K * P,
                                  OUT_H * OUT_W, M * OUT_W, M, OUT_W, 1};
    dispatch(commands, output, m, y, u, &output_layout, sizeof output_layout, K * P);
    CHECK(vkEndCommandBuffer(commands));
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &commands;
    CHECK(vkQueueSubmit(queue, 1, &submit, VK_NULL_HANDLE));
    CHECK(vkQueueWaitIdle(queue));

    double worst = 0, largest = 0;
    for (int k = 0; k < K; k++) {
        for (int i = 0; i < OUT_H; i++) {
            for (int j = 0; j < OUT_W; j++) {
                double sum = 0;
                for (int c = 0; c < C; c++)
                    for (int a = 0; a < R; a++)
                        for (int b = 0; b < R; b++)
                            sum += (double)image[(c * H + i + a) * W + j + b] *
                                   (double)filters[((k * C + c) * R + a) * R + b];
                double difference = fabs(y.data[(k * OUT_H + i) * OUT_W + j] - sum);
                if (difference > worst) worst = difference;
                if (fabs(sum) > largest) largest = fabs(sum);
            }
        }
    }
    printf("Winograd F(4x4,3x3) on Vulkan (%s): %dx%dx%d input (*) %dx%dx3x3 filters = %dx%dx%d output\n",
           device_properties.deviceName, C, H, W, K, C, K, OUT_H, OUT_W);
    printf("max |winograd - direct| = %.3g (largest |output| %.3g)\n", worst, largest);
    int ok = worst <= 1e-4;
    printf(ok ? "OK: within 0.0001\n" : "FAILED: beyond 0.0001\n");

    storage all[6] = {g, d, u, v, m, y};
    for (int k = 0; k < 6; k++) {
        vkUnmapMemory(device, all[k].memory);
        vkDestroyBuffer(device, all[k].buffer, NULL);
        vkFreeMemory(device, all[k].memory, NULL);
    }
    VkPipeline pipelines[4] = {filter, input, product, output};
    for (int k = 0; k < 4; k++) vkDestroyPipeline(device, pipelines[k], NULL);
    vkDestroyCommandPool(device, command_pool, NULL);
    vkDestroyDescriptorPool(device, pool, NULL);
    vkDestroyPipelineLayout(device, pipeline_layout, NULL);
    vkDestroyDescriptorSetLayout(device, set_layout, NULL);
    vkDestroyDevice(device, NULL);
    vkDestroyInstance(instance, NULL);
    return ok ? 0 : 1;
}
