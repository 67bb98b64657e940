"""The files app's business parameters (read with `codes.models.get_param`; rows made by migration 0003)."""

FILE_PARAMETERS = {
    "pdf_parse_cpu_seconds": ("PDF 解析 CPU 时间上限", 5, "秒",
                              "防止构造的 PDF 长时间占用服务器：超时即拒收"),
    "pdf_parse_memory_mb": ("PDF 解析内存上限", 512, "MB", "防止构造的 PDF 耗尽服务器内存：超出即拒收"),
    "pdf_max_pages": ("单个 PDF 页数上限", 300, "页", "超过请拆分为多个文件上传"),
    "application_storage_mb": ("每份申报的材料总量上限", 200, "MB",
                               "工作总结与全部证明材料合计；超出须先删除不需要的材料"),
}
