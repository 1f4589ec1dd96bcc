package org.yibao.terminal.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.indicator.ExecutorScheduler;
import org.yibao.provisioning.config.DeviceConfig;

/** A device that cannot be made says which device and what is wrong in Chinese: never an exception's class name or English text. */
class DeviceFactoryTest {

    private static String why(DeviceSlot<?> slot) {
        String why = assertInstanceOf(DeviceSlot.Failed.class, slot).why();
        String rest = why.replaceAll("[\\w./:\\[\\]{}=,-]*[_./:{][\\w./:\\[\\]{}=, -]*", " ");
        assertFalse(Pattern.compile("[A-Za-z]{5,}").matcher(rest).find(), why);
        return why;
    }

    @Test
    void aScannerCharsetTheJdkDoesNotKnowIsNamed() {
        assertEquals("扫描器无法初始化：串口 /dev/ttyACM0：字符集 NO-SUCH-SET 不受支持",
                why(DeviceFactory.scanner(new DeviceConfig.Scanner.Serial("/dev/ttyACM0", "", "NO-SUCH-SET"))));
    }

    @Test
    void aPrinterAddressWithABadPortIsNamed() {
        assertEquals("打印机无法初始化：tcp 10.0.0.5:abc：端口 abc 不是 1 至 65535 的数字",
                why(DeviceFactory.printer(new DeviceConfig.Printer(DeviceConfig.PrinterKind.TCP, "10.0.0.5:abc", 80))));
        assertEquals("打印机无法初始化：tcp 10.0.0.5:70000：端口 70000 不是 1 至 65535 的数字",
                why(DeviceFactory.printer(new DeviceConfig.Printer(DeviceConfig.PrinterKind.TCP, "10.0.0.5:70000", 80))));
        assertEquals("打印机无法初始化：串口：未配置设备路径（devices.printer.address）",
                why(DeviceFactory.printer(new DeviceConfig.Printer(DeviceConfig.PrinterKind.SERIAL, "", 80))));
    }

    @Test
    void aCardReaderPatternThatIsNotARegularExpressionIsNamed() {
        assertEquals("读卡器无法初始化：PC/SC /[/：名称模式 [ 不是有效的正则表达式",
                why(DeviceFactory.cardReader(new DeviceConfig.CardReader.Pcsc("["))));
    }

    @Test
    void gpioPinsOnAMachineWithoutGpioSaySo() {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        ExecutorScheduler scheduler = new ExecutorScheduler();
        try {
            assertEquals("指示灯/蜂鸣器无法初始化：GPIO {led_green=17}：本机没有 GPIO 设备（/dev/gpiochip0 不存在）",
                    why(DeviceFactory.indicators(new DeviceConfig.Gpio.Pins(Map.of("led_green", 17)), scheduler)));
        } finally {
            scheduler.close();
        }
    }

    /** A board with a GPIO chip that Pi4J's gpiod does not drive (it needs a Raspberry Pi) is named as such, not as a pin fault. */
    @Test
    void aGpioChipOnABoardPi4jDoesNotDriveIsNamedAsSuch() {
        assertEquals("本机主板不是树莓派，Pi4J 的 gpiod 驱动只支持树莓派类主板（可改用 gpio: simulated）", DeviceFactory.gpioCause(true, () -> false));
        assertEquals("引脚不存在、被占用或无权限", DeviceFactory.gpioCause(true, () -> true));
        assertEquals("本机没有 GPIO 设备（/dev/gpiochip0 不存在）",
                DeviceFactory.gpioCause(false, () -> { throw new AssertionError("the board is not asked without a chip"); }));
    }
}
