/* Runs SPIR-V compute kernels (GLSL batch kernels compiled by glslangValidator)
 * on the first Vulkan device (Mesa's lavapipe in the tests); jobs as README.md
 * describes. Bindings 0 and 1 are the source and destination storage buffers,
 * the batch layout is 52 bytes of push constants, 64 invocations a workgroup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include <vulkan/vulkan.h>

#define CHECK(call)                                                                                \
    do {                                                                                           \
        VkResult result_ = (call);                                                                 \
        if (result_ != VK_SUCCESS) {                                                               \
            fprintf(stderr, "%s failed: %d (line %d)\n", #call, (int)result_, __LINE__);         \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static VkPhysicalDevice physical;
static VkDevice device;

/* A host-visible, coherent storage buffer of `size` bytes holding `data`. */
static void make_buffer(VkDeviceSize size, const void *data, VkBuffer *buffer, VkDeviceMemory *memory, void **mapped)
{
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    CHECK(vkCreateBuffer(device, &info, NULL, buffer));
    VkMemoryRequirements needs;
    vkGetBufferMemoryRequirements(device, *buffer, &needs);
    VkPhysicalDeviceMemoryProperties properties;
    vkGetPhysicalDeviceMemoryProperties(physical, &properties);
    VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    uint32_t type = UINT32_MAX;
    for (uint32_t k = 0; k < properties.memoryTypeCount; k++) {
        if ((needs.memoryTypeBits & (1u << k)) && (properties.memoryTypes[k].propertyFlags & wanted) == wanted) {
            type = k;
            break;
        }
    }
    if (type == UINT32_MAX) {
        fprintf(stderr, "no host-visible coherent memory\n");
        exit(1);
    }
    VkMemoryAllocateInfo allocation = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    allocation.allocationSize = needs.size;
    allocation.memoryTypeIndex = type;
    CHECK(vkAllocateMemory(device, &allocation, NULL, memory));
    CHECK(vkBindBufferMemory(device, *buffer, *memory, 0));
    CHECK(vkMapMemory(device, *memory, 0, size, 0, mapped));
    if (data) memcpy(*mapped, data, size);
    else memset(*mapped, 0, size);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: vulkan_host JOBS\n");
        return 2;
    }
    VkApplicationInfo application = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO};
    application.pApplicationName = "swift-winograd tests";
    application.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo instance_info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    instance_info.pApplicationInfo = &application;
    VkInstance instance;
    CHECK(vkCreateInstance(&instance_info, NULL, &instance));
    uint32_t count = 1;
    VkResult enumerated = vkEnumeratePhysicalDevices(instance, &count, &physical);
    if ((enumerated != VK_SUCCESS && enumerated != VK_INCOMPLETE) || count == 0) {
        fprintf(stderr, "no Vulkan device\n");
        return 1;
    }
    VkPhysicalDeviceProperties device_properties;
    vkGetPhysicalDeviceProperties(physical, &device_properties);
    printf("device: %s\n", device_properties.deviceName);
    uint32_t families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, NULL);
    VkQueueFamilyProperties *family = calloc(families, sizeof *family);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, family);
    uint32_t compute = UINT32_MAX;
    for (uint32_t k = 0; k < families; k++) {
        if (family[k].queueFlags & VK_QUEUE_COMPUTE_BIT) {
            compute = k;
            break;
        }
    }
    free(family);
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

    VkDescriptorSetLayoutBinding bindings[2] = {
        {0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, NULL},
        {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, NULL},
    };
    VkDescriptorSetLayoutCreateInfo set_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    set_info.bindingCount = 2;
    set_info.pBindings = bindings;
    VkDescriptorSetLayout set_layout;
    CHECK(vkCreateDescriptorSetLayout(device, &set_info, NULL, &set_layout));
    VkPushConstantRange push = {VK_SHADER_STAGE_COMPUTE_BIT, 0, 13 * sizeof(uint32_t)};
    VkPipelineLayoutCreateInfo layout_info = {.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &set_layout;
    layout_info.pushConstantRangeCount = 1;
    layout_info.pPushConstantRanges = &push;
    VkPipelineLayout pipeline_layout;
    CHECK(vkCreatePipelineLayout(device, &layout_info, NULL, &pipeline_layout));
    VkDescriptorPoolSize pool_size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 2};
    VkDescriptorPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pool_info.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    pool_info.maxSets = 1;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &pool_size;
    VkDescriptorPool pool;
    CHECK(vkCreateDescriptorPool(device, &pool_info, NULL, &pool));
    VkCommandPoolCreateInfo command_pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    command_pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    command_pool_info.queueFamilyIndex = compute;
    VkCommandPool command_pool;
    CHECK(vkCreateCommandPool(device, &command_pool_info, NULL, &command_pool));
    VkCommandBufferAllocateInfo command_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    command_info.commandPool = command_pool;
    command_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    command_info.commandBufferCount = 1;
    VkCommandBuffer commands;
    CHECK(vkAllocateCommandBuffers(device, &command_info, &commands));
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence;
    CHECK(vkCreateFence(device, &fence_info, NULL, &fence));

    FILE *jobs = fopen(argv[1], "r");
    if (!jobs) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    struct job job;
    while (read_job(jobs, &job)) {
        size_t code_size;
        void *code = read_file(job.source, &code_size);
        VkShaderModuleCreateInfo module_info = {.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
        module_info.codeSize = code_size;
        module_info.pCode = code;
        VkShaderModule module;
        CHECK(vkCreateShaderModule(device, &module_info, NULL, &module));
        VkComputePipelineCreateInfo pipeline_info = {.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
        pipeline_info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        pipeline_info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        pipeline_info.stage.module = module;
        pipeline_info.stage.pName = job.entry;
        pipeline_info.layout = pipeline_layout;
        VkPipeline pipeline;
        CHECK(vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &pipeline_info, NULL, &pipeline));

        size_t src_size;
        void *src = read_source(&job, &src_size);
        VkDeviceSize dst_size = (VkDeviceSize)job.dst_count * job.element;
        VkBuffer buffers[2];
        VkDeviceMemory memories[2];
        void *mapped[2];
        make_buffer(src_size, src, &buffers[0], &memories[0], &mapped[0]);
        make_buffer(dst_size, NULL, &buffers[1], &memories[1], &mapped[1]);

        VkDescriptorSetAllocateInfo set_allocation = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        set_allocation.descriptorPool = pool;
        set_allocation.descriptorSetCount = 1;
        set_allocation.pSetLayouts = &set_layout;
        VkDescriptorSet set;
        CHECK(vkAllocateDescriptorSets(device, &set_allocation, &set));
        VkDescriptorBufferInfo buffer_infos[2] = {{buffers[0], 0, VK_WHOLE_SIZE}, {buffers[1], 0, VK_WHOLE_SIZE}};
        VkWriteDescriptorSet writes[2];
        for (int k = 0; k < 2; k++) {
            VkWriteDescriptorSet write = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
            write.dstSet = set;
            write.dstBinding = (uint32_t)k;
            write.descriptorCount = 1;
            write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            write.pBufferInfo = &buffer_infos[k];
            writes[k] = write;
        }
        vkUpdateDescriptorSets(device, 2, writes, 0, NULL);

        VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        CHECK(vkBeginCommandBuffer(commands, &begin));
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_layout, 0, 1, &set, 0, NULL);
        uint32_t batch[13];
        for (int k = 0; k < 13; k++) batch[k] = job.batch[k];
        vkCmdPushConstants(commands, pipeline_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof batch, batch);
        vkCmdDispatch(commands, (job.work_items + 63) / 64, 1, 1);
        VkMemoryBarrier barrier = {.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER};
        barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
        barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                             &barrier, 0, NULL, 0, NULL);
        CHECK(vkEndCommandBuffer(commands));
        VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO};
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &commands;
        CHECK(vkQueueSubmit(queue, 1, &submit, fence));
        CHECK(vkWaitForFences(device, 1, &fence, VK_TRUE, UINT64_MAX));
        CHECK(vkResetFences(device, 1, &fence));
        CHECK(vkResetCommandBuffer(commands, 0));

        write_file(job.dst_path, mapped[1], (size_t)dst_size);
        printf("ran %s %s on %u tiles\n", job.source, job.entry, job.batch[0]);
        CHECK(vkFreeDescriptorSets(device, pool, 1, &set));
        for (int k = 0; k < 2; k++) {
            vkUnmapMemory(device, memories[k]);
            vkDestroyBuffer(device, buffers[k], NULL);
            vkFreeMemory(device, memories[k], NULL);
        }
        vkDestroyPipeline(device, pipeline, NULL);
        vkDestroyShaderModule(device, module, NULL);
        free(code);
        free(src);
    }
    fclose(jobs);
    vkDestroyFence(device, fence, NULL);
    vkDestroyCommandPool(device, command_pool, NULL);
    vkDestroyDescriptorPool(device, pool, NULL);
    vkDestroyPipelineLayout(device, pipeline_layout, NULL);
    vkDestroyDescriptorSetLayout(device, set_layout, NULL);
    vkDestroyDevice(device, NULL);
    vkDestroyInstance(instance, NULL);
    return 0;
}
