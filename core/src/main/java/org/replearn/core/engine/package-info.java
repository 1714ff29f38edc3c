/** Engine glue: device choice, seeds and their split into child generators, engine versions. */
package org.replearn.core.engine;
